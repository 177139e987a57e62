import CareWire
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import SwiftProtobuf

/// A sync refusal: an HTTP status with a protobuf `Refusal` body a peer can show its operator.
/// Everything under `/sync/v1` refuses this way, so a child reads one shape of error.
public struct SyncRefusal: HTTPResponseError {
    public let status: HTTPResponse.Status
    public let refusal: WireRefusal

    public init(_ status: HTTPResponse.Status, _ code: SyncProtocol.RefusalCode, _ message: String) {
        self.status = status
        refusal = WireRefusal(code, message)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: SyncProtocol.contentType],
            body: .init(byteBuffer: ByteBuffer(data: try refusal.canonicalBytes())))
    }
}
