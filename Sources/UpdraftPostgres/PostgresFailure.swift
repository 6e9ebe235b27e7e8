import NIOSSL
import PostgresNIO
import Updraft
import _ConnectionPoolModule

/// Turns PostgresNIO's errors into `RunStoreError.storage` with words a user can act on.
///
/// PostgresNIO's own descriptions are deliberately generic and its debug descriptions carry queries and bound values,
/// so the message is built here from the parts: the server's SQLSTATE and message, or the connection's failure.
/// `masker` (which knows the password) is applied last, so no path can carry the password out.
enum PostgresFailure {
    static func storeError(_ error: any Error, location: String, masker: SecretMasker) -> RunStoreError {
        if let known = error as? RunStoreError { return known }
        return .storage(location: location, message: masker.mask(message(error)))
    }

    /// Whether running the same statement again may succeed: the connection broke, the server restarts, or the
    /// statement lost a deadlock or serialization race.
    static func isTransient(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            return [transaction.beginError, transaction.closureError, transaction.commitError].contains {
                $0.map(isTransient) ?? false
            }
        }
        guard let psql = error as? PSQLError else { return false }
        switch psql.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "40001", "40P01"].contains(state)
        default:
            return false
        }
    }

    private static func message(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
            return inner.map(message) ?? "a transaction failed"
        }
        if let pool = error as? ConnectionPoolError, pool == .connectionCreationCircuitBreakerTripped {
            return "the server has been unreachable for over a minute; check that it runs and accepts connections"
        }
        if let decoding = error as? PostgresDecodingError {
            return "a column of type \(decoding.postgresType) could not be read as \(decoding.targetType) "
                + "(column '\(decoding.columnName)'): is the schema from another Updraft?"
        }
        guard let psql = error as? PSQLError else { return String(describing: error) }
        switch psql.code {
        case .server:
            return serverMessage(psql)
        case .connectionError:
            return "cannot connect to the server: " + connectionFailure(psql.underlying)
        case .sslUnsupported:
            return "the server does not offer TLS, and the URL's sslmode requires it"
        case .failedToAddSSLHandler:
            return "TLS could not be set up: " + connectionFailure(psql.underlying)
        case .serverClosedConnection, .uncleanShutdown:
            return "the server closed the connection (it stopped, restarted or ended the session)"
        case .clientClosedConnection, .poolClosed:
            return "the store was closed"
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return "the server asked for an authentication this store cannot give (\(psql.code)): check the URL's "
                + "user and password and the server's pg_hba.conf"
        case .queryCancelled:
            return "the statement was cancelled"
        default:
            return "PostgreSQL client error \(psql.code)"
        }
    }

    private static func serverMessage(_ error: PSQLError) -> String {
        let state = error.serverInfo?[.sqlState] ?? "?"
        let text = error.serverInfo?[.message] ?? "no message"
        let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
        switch state {
        case "28P01", "28000":
            return "the server refused the login: \(text)\(detail); check the URL's user and password"
        case "3D000":
            return "\(text): create it first (CREATE DATABASE), or fix the URL's database name"
        case "53300":
            return "the server has no free connection slot (\(text)); lower the pool size or raise max_connections"
        case "53100":
            return "the server's disk is full (\(text)); free space, then resume the run"
        case "25006":
            return "the server is read-only (\(text)): connect to the primary"
        case "42501":
            return "the user lacks a privilege (\(text)): grant it, or connect as the schema's owner"
        case let state where state.hasPrefix("57P"):
            return "the server is shutting down or starting (\(text)); try again once it runs"
        default:
            return "PostgreSQL error \(state): \(text)\(detail)"
        }
    }

    private static func connectionFailure(_ underlying: (any Error)?) -> String {
        guard let underlying else { return "no detail" }
        if let ssl = underlying as? NIOSSLError {
            return "TLS handshake failed (\(ssl)); check sslmode and that sslrootcert holds the authority that "
                + "signed the server's certificate"
        }
        if let extra = underlying as? NIOSSLExtraError {
            return "TLS failed: \(extra); with sslmode=verify-full the certificate must be issued for the host in the URL"
        }
        return String(describing: underlying)
    }
}
