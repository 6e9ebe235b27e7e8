import Testing
import Updraft
import UpdraftCurl
import UpdraftHTTP

/// A connection's `timeout` extra is checked before it is converted: absurd values are typed errors, not traps.
@Suite struct HTTPTimeoutInputTests {
    static let unusable: [JSONValue] = [1e300, 9.3e15, -1, 0, [1e300, 5], [5, 1e300], [-1, 5], [2, 0]]

    @Test(arguments: unusable)
    func anUnusableTimeoutIsATypedErrorNamingTheExtra(timeout: JSONValue) {
        let error = #expect(throws: ConnectionError.self) {
            try HTTPRequestOptions(extras: ["timeout": timeout], connID: "talend_api")
        }
        #expect(error?.code == .invalidField)
        #expect(error?.description.contains("connection 'talend_api': extra option 'timeout'") == true)
    }

    @Test func theURIFormOfAHugeTimeoutIsATypedError() throws {
        let generic = try GenericConnection(connID: "api", uri: "http://api.example.com?timeout=1e300")
        #expect(throws: ConnectionError.self) { try HTTPConnection(generic) }
    }

    @Test func aFractionalTimeoutIsKept() throws {
        let options = try HTTPRequestOptions(extras: ["timeout": [0.5, 2.25]], connID: "api")
        #expect(options.timeouts.connect == .milliseconds(500))
        #expect(options.timeouts.request == .milliseconds(2750))
    }
}
