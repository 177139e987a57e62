#ifndef CAREMQTT_CMOSQUITTO_SHIM_H
#define CAREMQTT_CMOSQUITTO_SHIM_H

// libmosquitto 2.x (Debian bookworm ships 2.0.11). Only the client API is needed.
#include <mosquitto.h>

#endif
