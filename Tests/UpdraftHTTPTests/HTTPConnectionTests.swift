import Testing
import Updraft
import UpdraftCurl
@testable import UpdraftHTTP

@Suite struct HTTPConnectionTests {
    private func connection(
        host: String?, schema: String? = nil, port: Int? = nil, login: String? = nil, password: String? = nil,
        extra: [String: JSONValue] = [:]
    ) throws -> HTTPConnection {
        try HTTPConnection(GenericConnection(connID: "api", connType: "http", host: host, schema: schema,
                                             login: login, password: password, port: port, extra: extra))
    }

    @Test func baseURLFollowsAirflow() throws {
        #expect(try connection(host: "api.example.com").baseURL == "http://api.example.com")
        #expect(try connection(host: "api.example.com", schema: "https").baseURL == "https://api.example.com")
        #expect(try connection(host: "api.example.com", schema: "https", port: 8443).baseURL
                == "https://api.example.com:8443")
        #expect(try connection(host: "https://api.eu.cloud.talend.com", schema: "ignored").baseURL
                == "https://api.eu.cloud.talend.com")
        #expect(throws: ConnectionError.self) { try connection(host: nil) }
        #expect(throws: ConnectionError.self) { try connection(host: "ftp://files.example.com") }
    }

    @Test func endpointsJoinWithOneSlash() throws {
        let plain = try connection(host: "https://api.example.com")
        #expect(plain.url(for: "v1/items") == "https://api.example.com/v1/items")
        #expect(plain.url(for: "/v1/items") == "https://api.example.com/v1/items")
        #expect(plain.url(for: nil) == "https://api.example.com")
        #expect(try connection(host: "https://api.example.com/").url(for: "v1") == "https://api.example.com/v1")
    }

    @Test func extrasSplitIntoHeadersAndOptions() throws {
        let api = try connection(host: "api.example.com", extra: [
            "Authorization": "Bearer abcdef123", "X-Team": "data", "timeout": 30, "verify": false,
            "max_redirects": 3, "check_response": false, "proxies": ["https": "http://proxy.corp:3128"],
        ])
        #expect(api.headers["Authorization"] == "Bearer abcdef123")
        #expect(api.headers["X-Team"] == "data")
        #expect(api.headers["timeout"] == nil)
        #expect(api.options.timeouts.request == .seconds(30))
        #expect(api.options.tls.insecureSkipTLSVerify)
        #expect(api.options.redirects == .follow(max: 3))
        #expect(!api.options.checkResponse)
        #expect(api.options.proxy == .proxy(url: "http://proxy.corp:3128"))
        #expect(api.secrets.contains("Bearer abcdef123") && api.secrets.contains("abcdef123"))
    }

    @Test func requestsAlwaysHaveATimeout() throws {
        let api = try connection(host: "api.example.com")
        #expect(api.options.timeouts.request == HTTPRequestOptions.defaultTimeout)
        let pair = try api.options.merging(["timeout": [2, 5]], connID: "api")
        #expect(pair.timeouts.connect == .seconds(2) && pair.timeouts.request == .seconds(7))
        #expect(throws: ConnectionError.self) { try api.options.merging(["timeout": "soon"], connID: "api") }
        #expect(throws: ConnectionError.self) { try connection(host: "h", extra: ["verify": 3]) }
    }

    @Test func headerPrecedenceAndBasicAuth() throws {
        let api = try connection(host: "api.example.com", login: "user", password: "s3cret-pass", extra: [
            "Content-Type": "text/plain", "X-Source": "connection", "X-Other": "connection",
        ])
        let hook = CurlHTTPHook(connection: api)
        let request = hook.makeCurlRequest(
            HTTPHookRequest(method: .post, endpoint: "items", defaultHeaders: ["Content-Type": "application/json",
                                                                              "X-Source": "default"],
                            headers: ["X-Source": "operator"]),
            options: api.options)
        #expect(request.url == "http://api.example.com/items")
        #expect(request.headers["Content-Type"] == "application/json", "default headers beat the connection's")
        #expect(request.headers["X-Source"] == "operator", "operator headers beat everything")
        #expect(request.headers["X-Other"] == "connection")
        #expect(request.headers["Authorization"] == "Basic dXNlcjpzM2NyZXQtcGFzcw==")
        #expect(request.timeouts?.request == HTTPRequestOptions.defaultTimeout)
    }

    @Test func secretsAreRegisteredWithTheMasker() throws {
        let masker = SecretMasker()
        let api = try connection(host: "api.example.com", login: "user", password: "s3cret-pass",
                                 extra: ["X-API-Key": "key-123456"])
        _ = CurlHTTPHook(connection: api, masker: masker)
        #expect(masker.mask("pass s3cret-pass key key-123456") == "pass *** key ***")
        #expect(masker.mask("Authorization: Basic dXNlcjpzM2NyZXQtcGFzcw==") == "Authorization: ***")
        let shown = "\(api) \(String(reflecting: api)) \(CurlHTTPHook(connection: api))"
        #expect(!shown.contains("s3cret-pass") && !shown.contains("key-123456") && shown.contains("X-API-Key: ***"))
    }
}
