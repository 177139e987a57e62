import CareModel

extension WireAddress {
    init(_ address: Address) {
        self.init()
        text = address.text
        if let latitude = address.latitude { self.latitude = latitude }
        if let longitude = address.longitude { self.longitude = longitude }
    }
}

extension Address {
    /// An address sub-message that must be there, with its text and, if any, both coordinates
    /// in range (the model's own rule, `Validator.coordinates`).
    init(wire: WireAddress, present: Bool, _ field: String) throws(WireError) {
        guard present else { throw WireError(field: field, problem: "is missing") }
        let text = try FieldCheck.nested(field) { () throws(WireError) in try FieldCheck.required(wire.text, "text") }
        var validator = Validator()
        let location = validator.coordinates(
            latitude: wire.hasLatitude ? wire.latitude : nil, longitude: wire.hasLongitude ? wire.longitude : nil, field)
        if let failure = validator.errors.first {
            throw WireError(field: failure.field, problem: failure.message)
        }
        self.init(text: text, location: location)
    }
}
