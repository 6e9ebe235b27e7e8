import Foundation
import Testing
import UpdraftPostgres

/// libpq's URL form: parts decoded, libpq's defaults, typed errors naming the wrong part, the password never shown.
@Suite struct PostgresURLTests {
    @Test func everyPartIsRead() throws {
        let url = try PostgresDatabaseURL(parsing: """
            postgresql://up%40draft:p%40ss%2Fw%3Ard@db.internal:6543/runs%20db?sslmode=verify-full\
            &sslrootcert=/etc/ssl/db-ca.pem&application_name=scheduler&connect_timeout=7
            """)
        #expect(url.endpoint == .tcp(host: "db.internal", port: 6543))
        #expect(url.user == "up@draft")
        #expect(url.password == "p@ss/w:rd")
        #expect(url.database == "runs db")
        #expect(url.sslMode == .verifyFull)
        #expect(url.sslRootCertificate == "/etc/ssl/db-ca.pem")
        #expect(url.applicationName == "scheduler")
        #expect(url.connectTimeout == .seconds(7))
    }

    @Test func libpqDefaultsApply() throws {
        let url = try PostgresDatabaseURL(parsing: "postgres://updraft@db")
        #expect(url.endpoint == .tcp(host: "db", port: 5432))
        #expect(url.database == "updraft")
        #expect(url.password == nil)
        #expect(url.sslMode == .prefer)
        #expect(try PostgresDatabaseURL(parsing: "postgresql:///runs").endpoint
                == .unixSocket(directory: "/var/run/postgresql", port: 5432))
        #expect(try PostgresDatabaseURL(parsing: "postgresql://u@%2Ftmp%2Fpg:5433/runs").endpoint
                == .unixSocket(directory: "/tmp/pg", port: 5433))
        #expect(try PostgresDatabaseURL(parsing: "postgresql://u@/runs?host=/srv/pg&port=6000").endpoint
                == .unixSocket(directory: "/srv/pg", port: 6000))
        #expect(try PostgresDatabaseURL(parsing: "postgresql://u@[::1]:6543/runs").endpoint
                == .tcp(host: "::1", port: 6543))
        #expect(try PostgresDatabaseURL(parsing: "postgresql://h/d?user=u&password=pw&dbname=other").database == "other")
    }

    @Test(arguments: [
        ("mysql://u@h/d", PostgresURLError.notPostgresURL(scheme: "mysql")),
        ("db.internal:5432", .notPostgresURL(scheme: nil)),
        ("postgresql://u@h:99999/d", .invalidPort),
        ("postgresql://u@h:five/d", .invalidPort),
        ("postgresql://u@h1,h2/d", .multipleHosts),
        ("postgresql://u@h/d?sslmode=verify_full", .invalidParameter(
            name: "sslmode", value: "verify_full",
            expected: "disable, allow, prefer, require, verify-ca, verify-full")),
        ("postgresql://u@h/d?connect_timeout=soon", .invalidParameter(
            name: "connect_timeout", value: "soon", expected: "a whole number of seconds")),
        ("postgresql://u@h/d?target_session_attrs=any", .unsupportedParameter(name: "target_session_attrs")),
        ("postgresql://u@h/d?sslmode", .parameterWithoutValue(name: "sslmode")),
        ("postgresql://u:50%zz@h/d", .invalidPercentEncoding(part: "password")),
    ])
    func badURLsAreRefusedNamingThePart(text: String, expected: PostgresURLError) {
        #expect(throws: expected) { try PostgresDatabaseURL(parsing: text) }
    }

    @Test func thePasswordIsNeverShown() throws {
        let password = "Sup3r/S3cr3t?Pa55:w0rd"
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let url = try PostgresDatabaseURL(parsing: "postgresql://updraft:\(encoded)@db:5432/runs?sslmode=require")
        #expect(url.password == password)
        var dumped = ""
        dump(url, to: &dumped)
        let shown = [url.description, String(describing: url), String(reflecting: url), "\(url)", dumped]
        #expect(url.description == "postgresql://updraft@db:5432/runs?sslmode=require")
        // Unencoded, the password's / ? : split the URL anywhere (or, without an @, stand where host and port
        // should): the errors still never quote any of it.
        var errors: [String] = []
        for broken in ["postgresql://updraft:\(password)@db:port/runs", "postgresql://updraft:\(password)",
                       "postgresql://updraft:\(password)@db/runs?sslmode=on", "postgresql://updraft:\(password)@a,b/r"] {
            do {
                _ = try PostgresDatabaseURL(parsing: broken)
            } catch {
                errors.append(error.description)
                errors.append(String(reflecting: error))
            }
        }
        #expect(errors.count == 8)
        let fragments = [password, encoded] + password.split(whereSeparator: { "/?:".contains($0) }).map(String.init)
        for text in shown + errors {
            for fragment in fragments { #expect(!text.contains(fragment), "'\(fragment)' shown in: \(text)") }
        }
    }
}
