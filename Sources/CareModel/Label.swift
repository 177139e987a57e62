/// A bilingual label: operators read Chinese, integrators often English.
public struct Label: Hashable, Codable, Sendable {
    public let en: String
    public let zh: String

    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }
}

/// A code table: a closed set of values with Chinese and English names.
public protocol CodeTable: RawRepresentable<String>, CaseIterable, Codable, Hashable, Sendable {
    var label: Label { get }
}

extension CodeTable {
    /// The accepted codes, for error messages ("one of: a, b, c").
    public static var codeList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
