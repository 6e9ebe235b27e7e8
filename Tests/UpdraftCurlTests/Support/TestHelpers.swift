import Foundation
import Glibc
@testable import UpdraftCurl

/// A loopback port with nothing listening: bound by the kernel, then closed.
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(fd, socketAddress, length)
            return getsockname(fd, socketAddress, &length)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs `body` and returns the `CurlError` it throws (recording an issue if it throws nothing or another error).
func curlError(_ body: () async throws -> Void) async -> CurlError? {
    do {
        try await body()
    } catch let error as CurlError {
        return error
    } catch {
        return nil
    }
    return nil
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `seconds`.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// Kernel threads of this process whose name is `name` (`/proc/self/task/*/comm`).
func threadCount(named name: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { task in
        let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
        return comm?.trimmingCharacters(in: .whitespacesAndNewlines) == name
    }.count
}

/// File descriptors of this process that are TCP sockets connected to `port` on the peer side.
/// Attributing sockets by peer port keeps the count exact while other tests open their own descriptors.
func socketCount(toPeerPort port: Int) -> Int {
    var inodes = Set<String>()
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        for line in procFile(table).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 9, let peerPort = fields[2].split(separator: ":").last,
                Int(peerPort, radix: 16) == port, fields[9] != "0"
            else { continue }
            inodes.insert(String(fields[9]))
        }
    }
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.filter { fd in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"),
            target.hasPrefix("socket:[")
        else { return false }
        return inodes.contains(String(target.dropFirst(8).dropLast()))
    }.count
}

/// The deterministic body the test server sends for `/bytes?n=`.
func expectedPattern(count: Int) -> [UInt8] {
    (0..<count).map { UInt8($0 % 251) }
}

struct Echo: Decodable {
    let method: String
    let target: String
    let headers: [[String]]
    let body: String
    let length: Int

    func header(_ name: String) -> String? {
        headers.first { $0.first?.lowercased() == name.lowercased() }?.last
    }

    static func decode(_ response: HTTPResponse) throws -> Echo {
        try JSONDecoder().decode(Echo.self, from: Data(response.body))
    }
}


/// The whole text of a `/proc` file. procfs reports a size of 0, and reading by the reported size returns
/// only the first page, so read until end of file.
func procFile(_ path: String) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    var data = Data()
    while let chunk = try? handle.read(upToCount: 65536), !chunk.isEmpty { data.append(chunk) }
    return String(decoding: data, as: UTF8.self)
}

/// A loopback listener that never completes another handshake: its accept queue (backlog 0) is filled by a few
/// connections of our own, so the kernel drops further SYNs and a client's connect hangs until its timeout.
/// Close the returned descriptors when done.
func blackHoleListener() -> (port: Int, descriptors: [Int32]) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(listener, socketAddress, length)
            listen(listener, 0)
            return getsockname(listener, socketAddress, &length)
        }
    }
    var descriptors = [listener]
    for _ in 0..<4 {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) }
        }
        descriptors.append(client)
    }
    return (Int(UInt16(bigEndian: address.sin_port)), descriptors)
}
