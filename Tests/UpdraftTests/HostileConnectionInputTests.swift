import Foundation
import Testing
import Updraft

/// Connection input written by mistake or by an attacker: a typed error that never quotes the password.
@Suite struct HostileConnectionInputTests {
    /// Passwords holding a character that ends the authority early, each with a part that used to be echoed.
    static let spillingPasswords = ["s3cr/etpart", "s3cr?etpart", "s3cr#etpart", "1234/etpart", "99999?x=etpart",
                                    "1234#etpart", "p@ss/etpart", "99?etpart=1",
                                    // U+0600 joins the next character into its grapheme cluster: the `@` here.
                                    "s3cr/etpart\u{600}"]

    @Test(arguments: spillingPasswords)
    func anUnencodedSlashQuestionMarkOrHashInThePasswordIsNotEchoed(password: String) {
        let uri = "http://svc-user:\(password)@api.example.com:8443/v1"
        let error = #expect(throws: ConnectionError.self) { try GenericConnection(connID: "talend_api", uri: uri) }
        #expect(error?.code == .invalidURI)
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("percent-encode"))
        for piece in password.split(whereSeparator: { "/?#@=".contains($0) }) where piece.count >= 3 {
            #expect(!text.contains(piece), "\(text) quotes \(piece)")
        }
    }

    @Test func theSamePasswordPercentEncodedParses() throws {
        let connection = try GenericConnection(connID: "c", uri: "http://svc-user:s3cr%2Fet%3F%23@api.example.com:8443")
        #expect(connection.password == "s3cr/et?#")
        #expect(connection.port == 8443)
    }

    @Test func anEmailInTheQueryIsAnExtraWhenEncodedOrAfterCredentials() throws {
        let encoded = try GenericConnection(connID: "c", uri: "smtp://mail.example.com:25?from_email=ops%40x.io")
        #expect(encoded.extra["from_email"] == "ops@x.io")
        let afterCredentials = try GenericConnection(connID: "c", uri: "smtp://u:p@mail.example.com:25?to=a@b.io")
        #expect(afterCredentials.extra["to"] == "a@b.io")
        #expect(afterCredentials.port == 25)
    }

    /// `http://svc:99?k=v@host`: a password `99?k=v` or a port 99 and an extra `k=v@host`? Refused, not guessed.
    @Test func aRawAtInTheQueryOfAURIWithoutCredentialsIsRefused() {
        let error = #expect(throws: ConnectionError.self) {
            try GenericConnection(connID: "c", uri: "http://svc:99?Qz9secret=1@db.example.com:5432/x")
        }
        #expect(error?.description.contains("Qz9") == false)
        #expect(error?.message.contains("%40") == true)
    }

    /// Found by the `connection-password` fuzz target: `:` and a combining mark form one grapheme cluster, and
    /// the login swallowed the password.
    @Test func aPasswordStartingWithACombiningMarkIsStillThePassword() throws {
        let connection = try GenericConnection(connID: "c", uri: "http://svc:\u{5BD}Qz9pw@db.example.com:5432/x")
        #expect(connection.login == "svc")
        #expect(connection.password == "\u{5BD}Qz9pw")
        #expect(!connection.description.contains("Qz9"))
    }

    /// Found by the `connection-uri` fuzz target: Airflow removes every `https://`, not only the leading one.
    @Test func aHostWithTheSameSchemeAsTheTypeKeepsItsHost() throws {
        let connection = try GenericConnection(connID: "c", uri: "https://https://api.example.com")
        #expect(connection.host == "https://api.example.com")
        #expect(try GenericConnection(connID: "c", uri: connection.airflowURI) == connection)
    }

    /// Found by the `connection-uri` fuzz target: serialising and parsing again must give the same connection.
    @Test(arguments: ["kubernetes://trueL%4Cx", "http://x?a=1&b://c"])
    func oddURIsParseStablyOrAreRefused(uri: String) throws {
        guard let connection = try? GenericConnection(connID: "c", uri: uri) else { return }
        let again = try GenericConnection(connID: "c", uri: connection.airflowURI)
        #expect(again.airflowURI == connection.airflowURI)
    }

    @Test func aSecondSchemeSeparatorInTheQueryIsRefused() {
        #expect(throws: ConnectionError.self) {
            try GenericConnection(connID: "c", uri: "google-cloud-platform://?extra__key=1&extra__ketform://?x=2")
        }
    }

    @Test func aBadPortWithoutCredentialsIsStillNamed() {
        let error = #expect(throws: ConnectionError.self) { try GenericConnection(connID: "c", uri: "http://host:80a/x") }
        #expect(error?.message.contains("'80a'") == true)
    }

    @Test func aPasswordGivenAsANumberInJSONIsNotEchoed() {
        let error = #expect(throws: ConnectionError.self) {
            try GenericConnection(connID: "c", json: #"{"conn_type": "http", "password": 73129846}"#)
        }
        #expect(error?.description.contains("73129846") == false)
        #expect(error?.description.contains("'password' must be a string") == true)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, -1, 0, 1e300, 9.3e15])
    func unusableSecondsAreTypedErrors(seconds: Double) {
        let error = #expect(throws: ConnectionError.self) {
            try GenericConnection.duration(seconds: seconds, field: "extra 'timeout'", connID: "c")
        }
        #expect(error?.code == .invalidField)
        #expect(error?.message.contains("extra 'timeout'") == true)
    }

    @Test func usableSecondsBecomeADuration() throws {
        #expect(try GenericConnection.duration(seconds: 2.5, field: "f", connID: "c") == .milliseconds(2500))
        #expect(try GenericConnection.duration(seconds: 1e9, field: "f", connID: "c") == .seconds(1_000_000_000))
    }
}
