import GRDB
import Updraft

/// Turns SQLite's errors into `RunStoreError.storage(location:message:)` with words a user can act on.
enum SQLiteFailure {
    static func storeError(_ error: any Error, location: String) -> RunStoreError {
        if let known = error as? RunStoreError { return known }
        guard let sqlite = error as? DatabaseError else {
            return .storage(location: location, message: String(describing: error))
        }
        let detail = sqlite.message ?? "\(sqlite.resultCode)"
        let message: String
        switch sqlite.resultCode.primaryResultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            message = "the file is not an Updraft database or is corrupted (SQLite: \(detail)); it was left untouched"
        case .SQLITE_FULL:
            message = "the disk or database is full (SQLite: \(detail)); free space, then resume the run"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            message = "the database cannot be written (SQLite: \(detail)); check the file's and its folder's "
                + "permissions, or choose another database with --db or UPDRAFT_DATABASE"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            message = "the database stayed locked by another process (SQLite: \(detail))"
        case .SQLITE_IOERR:
            message = "the disk failed to read or write (SQLite: \(detail))"
        default:
            message = "SQLite error: \(detail)"
        }
        return .storage(location: location, message: message)
    }
}
