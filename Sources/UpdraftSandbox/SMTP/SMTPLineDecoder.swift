import NIOCore

/// Splits the inbound byte stream into lines (without CR LF or a bare LF), failing on a line longer than the limit
/// so a client cannot make the sink buffer without bound.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = [UInt8]

    /// The longest line accepted; RFC 5321 allows 1000 octets, real clients occasionally send more.
    let maximumLineLength: Int

    struct LineTooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maximumLineLength { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard var line = buffer.readBytes(length: length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        // A final line without its line end is incomplete: SMTP commands always end with CR LF.
        .needMoreData
    }
}
