import Foundation
import Testing
import Updraft

/// Connection input written by mistake or by an attacker: a typed error that never quotes the password.
@Suite struct HostileConnectionInputTests {
    /// Passwords holding a character that ends the authority early, each with a part that used to be echoed.
    static let spillingPasswords = ["s3cr/etpart", "s3cr?etpart", "s3cr#etpart", "1234/etpart", "99999?x=etpart",
                                    "1234#etpart", "p@ss/etpart"]

    @Test(arguments: spillingPasswords)
    func anUnencodedSlashQuestionMarkOrHashInThePasswordIsNotEchoed(password: String) {
        let uri = "http://svc-user:\(password)@api.example.com:8443/v1"
        let error = #expect(throws: ConnectionError.self) { try GenericConnection(connID: "talend_api", uri: uri) }
        #expect(error?.code == .invalidURI)
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("percent-encoded"))
        for piece in password.split(whereSeparator: { "/?#@=".contains($0) }) where piece.count >= 3 {
            #expect(!text.contains(piece), "\(text) quotes \(piece)")
        }
    }

    @Test func theSamePasswordPercentEncodedParses() throws {
        let connection = try GenericConnection(connID: "c", uri: "http://svc-user:s3cr%2Fet%3F%23@api.example.com:8443")
        #expect(connection.password == "s3cr/et?#")
        #expect(connection.port == 8443)
    }

    @Test func anEmailInTheQueryIsStillAnExtra() throws {
        let connection = try GenericConnection(connID: "c", uri: "smtp://mail.example.com:25?from_email=ops%40x.io&to=a@b.io")
        #expect(connection.extra["to"] == "a@b.io")
        #expect(connection.port == 25)
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
