import Foundation

/// What a blob holds: photos of a home visit, a voice rating, or a training course's
/// document or video.
public enum BlobKind: String, Sendable, Codable, CaseIterable {
    case image, audio, document, video

    /// The largest upload accepted for the kind. A blob travels to the parent whole, in one
    /// request of the blob loop, held in memory at both ends and bounded by the sync's request
    /// timeout (60 s): a video is held to 50 MiB, not the 200 MiB first asked for, so that it
    /// crosses a 10 Mbit/s uplink (about 42 s) inside that timeout instead of failing and being
    /// retried for ever. A PDF course document is held to 20 MiB.
    public var maxBytes: Int {
        switch self {
        case .image: 8 * 1024 * 1024
        case .audio: 16 * 1024 * 1024
        case .document: 20 * 1024 * 1024
        case .video: 50 * 1024 * 1024
        }
    }
}

/// A media type a blob may have, recognised by its leading bytes as well as by its label, so
/// that a file named `.jpg` that is really something else is refused.
public enum BlobType: String, Sendable, Codable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case webp = "image/webp"
    case wav = "audio/wav"
    case mpeg = "audio/mpeg"
    case amr = "audio/amr"
    case ogg = "audio/ogg"
    case mp4Audio = "audio/mp4"
    case pdf = "application/pdf"
    case mp4Video = "video/mp4"

    public var kind: BlobKind {
        switch self {
        case .jpeg, .png, .webp: .image
        case .wav, .mpeg, .amr, .ogg, .mp4Audio: .audio
        case .pdf: .document
        case .mp4Video: .video
        }
    }

    /// Accepts the media type as sent, ignoring parameters and a few common aliases.
    public init?(mediaType: String) {
        let base = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch base {
        case "image/jpg": self = .jpeg
        case "audio/x-wav", "audio/wave": self = .wav
        case "audio/mp3": self = .mpeg
        case "audio/m4a", "audio/x-m4a", "audio/aac": self = .mp4Audio
        default: self.init(rawValue: base)
        }
    }

    /// Whether `bytes` start the way a file of this type starts.
    public func matches(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(12))
        func at(_ offset: Int, _ signature: [UInt8]) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        let riff: [UInt8] = Array("RIFF".utf8)
        switch self {
        case .jpeg: return at(0, [0xFF, 0xD8, 0xFF])
        case .png: return at(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .webp: return at(0, riff) && at(8, Array("WEBP".utf8))
        case .wav: return at(0, riff) && at(8, Array("WAVE".utf8))
        case .mpeg: return at(0, Array("ID3".utf8)) || (head.count >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0)
        case .amr: return at(0, Array("#!AMR".utf8))
        case .ogg: return at(0, Array("OggS".utf8))
        case .mp4Audio: return at(4, Array("ftyp".utf8))
        case .pdf: return at(0, Array("%PDF-".utf8))
        // An ISO base media file starts with its `ftyp` box: a 4-byte size, then the type.
        case .mp4Video: return at(4, Array("ftyp".utf8))
        }
    }

    /// Checks an upload: the label is known, the bytes are what the label says, and the size
    /// is within the kind's limit. Returns what is wrong, or nil.
    public static func problem(mediaType: String?, bytes: some Collection<UInt8>) -> String? {
        problemLabel(mediaType: mediaType, bytes: bytes)?.en
    }

    /// `problem` in English and Chinese, for the operator's upload.
    public static func problemLabel(mediaType: String?, bytes: some Collection<UInt8>) -> Label? {
        guard let mediaType, let type = BlobType(mediaType: mediaType) else {
            let accepted = allCases.map(\.rawValue).joined(separator: ", ")
            return Label(
                en: "Content-Type '\(mediaType ?? "")' is not accepted; send one of \(accepted)",
                zh: "不支持的文件类型“\(mediaType ?? "")”，可上传：\(accepted)")
        }
        if bytes.isEmpty { return Label(en: "the upload is empty", zh: "上传的文件为空") }
        let limit = type.kind.maxBytes / 1024 / 1024
        if bytes.count > type.kind.maxBytes {
            return Label(
                en: "\(bytes.count) bytes is over the \(limit) MiB limit for \(type.kind.rawValue) uploads",
                zh: "文件大小\(bytes.count)字节，超过\(limit) MiB的上限")
        }
        if !type.matches(bytes) {
            return Label(
                en: "the bytes are not a \(type.rawValue) file (its signature does not match)",
                zh: "文件内容不是\(type.rawValue)格式（文件头不符）")
        }
        return nil
    }
}

/// Blob names: the lowercase hex SHA-256 of the content.
public enum BlobHash {
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func validate(_ text: String?, _ field: String, _ v: inout Validator) -> String? {
        guard let text = v.required(text, field) else { return nil }
        guard isValid(text) else {
            v.fail(field, en: "\(field) must be the 64-character lowercase hex SHA-256 of an uploaded blob", zh: "\(field) 应为已上传文件的SHA-256（64位小写十六进制）")
            return nil
        }
        return text
    }
}

/// A stored blob's description.
public struct BlobInfo: Hashable, Sendable, Codable {
    public var sha256: String
    public var type: BlobType
    public var size: Int
    public var storedAtMillis: Int64

    public init(sha256: String, type: BlobType, size: Int, storedAtMillis: Int64) {
        self.sha256 = sha256
        self.type = type
        self.size = size
        self.storedAtMillis = storedAtMillis
    }
}
