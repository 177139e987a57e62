import CareModel

/// Everything that can go wrong while creating, loading or using the federation's certificates.
///
/// Descriptions are written for the operator who runs `carenode pki …` or starts a node: they name
/// the file, code or host at fault and, where it helps, what to do about it.
public enum PKIError: Error, Sendable, CustomStringConvertible {
    /// A county CA needs a 6-digit county code.
    case invalidCountyCode(String)
    /// The division code is not 6, 9 or 12 digits.
    case invalidDivisionCode(DivisionCodeError)
    /// A CA may only issue certificates for divisions inside its own county.
    case codeOutsideCounty(code: String, county: String)
    /// A `--host` / SAN entry is neither a DNS name nor an IP address.
    case invalidHost(String)
    /// A node certificate must name at least one host, or no client could verify it.
    case noHosts
    /// Validity periods are whole days and must be positive.
    case invalidValidity(days: Int)
    /// A file the caller asked for does not exist; `what` says which one ("CA key file").
    case missingFile(what: String, path: String)
    /// A file exists but could not be read.
    case unreadableFile(what: String, path: String, reason: String)
    /// The text is not a PEM certificate or key that we can use.
    case malformedPEM(what: String, reason: String)
    /// The private key belongs to a different certificate.
    case keyDoesNotMatchCertificate(key: String, certificate: String)
    /// The node certificate was not signed by the CA certificate stored next to it.
    case notIssuedByCA(certificate: String, ca: String)
    /// The certificate is not a carenode county CA (no CA basic constraint or unexpected subject).
    case notACountyCA(what: String, reason: String)
    /// The certificate's subject common name is not a valid division code.
    case certificateHasNoDivisionCode(what: String)
    /// A directory already holds an identity for another division.
    case identityCodeMismatch(expected: String, found: String, directory: String)
    /// Writing a file failed.
    case cannotWrite(path: String, reason: String)
    /// swift-certificates refused to build or sign a certificate.
    case certificateCreationFailed(reason: String)

    public var description: String {
        switch self {
        case .invalidCountyCode(let code):
            "county code '\(code)' must be exactly 6 digits"
        case .invalidDivisionCode(let error):
            error.description
        case .codeOutsideCounty(let code, let county):
            "division code '\(code)' is not in county \(county): this CA only issues certificates "
                + "for codes starting with \(county)"
        case .invalidHost(let host):
            "host '\(host)' is neither a DNS name nor an IPv4/IPv6 address"
        case .noHosts:
            "a node certificate needs at least one host name or IP address"
        case .invalidValidity(let days):
            "validity of \(days) days is not allowed: it must be at least 1 day"
        case .missingFile(let what, let path):
            "\(what) \(path) is missing"
        case .unreadableFile(let what, let path, let reason):
            "\(what) \(path) cannot be read: \(reason)"
        case .malformedPEM(let what, let reason):
            "\(what) is not a usable PEM document: \(reason)"
        case .keyDoesNotMatchCertificate(let key, let certificate):
            "\(key) does not belong to \(certificate): the files are from different issues"
        case .notIssuedByCA(let certificate, let ca):
            "\(certificate) was not issued by \(ca): copy the county CA certificate that signed it"
        case .notACountyCA(let what, let reason):
            "\(what) is not a carenode county CA: \(reason)"
        case .certificateHasNoDivisionCode(let what):
            "\(what) does not name a division code (6, 9 or 12 digits) in its subject common name"
        case .identityCodeMismatch(let expected, let found, let directory):
            "\(directory) holds the identity of division \(found), not \(expected): "
                + "use another directory or remove node.pem"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .certificateCreationFailed(let reason):
            "cannot create certificate: \(reason)"
        }
    }
}
