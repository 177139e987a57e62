#!/usr/bin/env bash
# Regenerates the Swift for Proto/**/*.proto into Sources/CareWire/Generated/.
#
# The generated code is committed; a reviewer checks it is current with
#   scripts/generate-protos.sh && git diff --exit-code Sources/CareWire/Generated
#
# Uses protoc from PATH (Debian: apt-get install protobuf-compiler) and protoc-gen-swift from
# PATH when it is the pinned version, or else builds protoc-gen-swift from that swift-protobuf
# tag (once, into .build-protoc-gen-swift/), so the generated code matches the runtime. The
# package build itself never runs a code-generation plugin.
set -euo pipefail

SWIFT_PROTOBUF_VERSION="1.39.0"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proto_dir="$repo/Proto"
out_dir="$repo/Sources/CareWire/Generated"
tool_scratch="$repo/.build-protoc-gen-swift"

die() { echo "generate-protos: $*" >&2; exit 1; }

protoc_bin="$(command -v protoc || true)"
[[ -n "$protoc_bin" ]] || die "protoc not found; install it (Debian: apt-get install protobuf-compiler)"

# Copies a clean swift-protobuf source tree at the pinned tag into $1.
fetch_swift_protobuf() {
    local dest="$1"
    local checkout="$repo/.build/checkouts/swift-protobuf"
    rm -rf "$dest"
    if [[ -d "$checkout/.git" || -f "$checkout/.git" ]] \
        && git -C "$checkout" rev-parse -q --verify "refs/tags/$SWIFT_PROTOBUF_VERSION^{commit}" >/dev/null; then
        # Export the tagged tree rather than copying the working copy: SwiftPM owns that
        # checkout, and building inside it would disturb the package's own build.
        mkdir -p "$dest"
        git -C "$checkout" archive --format=tar "$SWIFT_PROTOBUF_VERSION" | tar -x -C "$dest"
    else
        git -c advice.detachedHead=false clone --quiet --depth 1 --branch "$SWIFT_PROTOBUF_VERSION" \
            https://github.com/apple/swift-protobuf "$dest"
    fi
}

# Prints the version a protoc-gen-swift binary reports ("protoc-gen-swift 1.39.0" -> 1.39.0).
plugin_version() { "$1" --version 2>/dev/null | awk '{ print $NF }' || true; }

# A protoc-gen-swift on PATH is used only when it is the pinned version: another version
# generates different code, and the check against the committed files would fail.
plugin="$(command -v protoc-gen-swift || true)"
if [[ -n "$plugin" && "$(plugin_version "$plugin")" != "$SWIFT_PROTOBUF_VERSION" ]]; then
    echo "generate-protos: ignoring $plugin (version $(plugin_version "$plugin"), need $SWIFT_PROTOBUF_VERSION)" >&2
    plugin=""
fi
if [[ -z "$plugin" ]]; then
    plugin="$tool_scratch/release/protoc-gen-swift"
    if [[ ! -x "$plugin" || "$(plugin_version "$plugin")" != "$SWIFT_PROTOBUF_VERSION" ]]; then
        echo "generate-protos: building protoc-gen-swift $SWIFT_PROTOBUF_VERSION (about 3 minutes on 2 cores)" >&2
        src="$tool_scratch/src"
        fetch_swift_protobuf "$src"
        swift build -c release --product protoc-gen-swift \
            --package-path "$src" --scratch-path "$tool_scratch"
    fi
fi
[[ "$(plugin_version "$plugin")" == "$SWIFT_PROTOBUF_VERSION" ]] \
    || die "$plugin does not report version $SWIFT_PROTOBUF_VERSION"

protos=()
while IFS= read -r -d '' file; do
    protos+=("${file#"$proto_dir"/}")
done < <(find "$proto_dir" -type f -name '*.proto' -print0 | LC_ALL=C sort -z)
[[ ${#protos[@]} -gt 0 ]] || die "no .proto files under $proto_dir"

# Start from an empty folder so the Swift of a removed proto disappears too.
rm -rf "$out_dir"
mkdir -p "$out_dir"

"$protoc_bin" \
    --plugin=protoc-gen-swift="$plugin" \
    --proto_path="$proto_dir" \
    --swift_opt=Visibility=Public \
    --swift_out="$out_dir" \
    "${protos[@]}"

echo "generate-protos: generated $(find "$out_dir" -name '*.swift' | wc -l) Swift files from ${#protos[@]} protos into ${out_dir#"$repo"/}" >&2
