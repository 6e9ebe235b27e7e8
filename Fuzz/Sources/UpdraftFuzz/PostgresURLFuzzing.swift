import UpdraftPostgres

/// `postgresql://` database URLs (`--database-url`, `UPDRAFT_DATABASE_URL`). Input: a whole URL, then a password
/// on the next line. Any text parses or throws a ``PostgresURLError``; a password holding the marker `Qz9`, put
/// unencoded into a URL, shows in neither the parsed URL's description nor its mirror nor any error.
enum PostgresURLFuzzing {
    static func url(_ input: FuzzInput) {
        let fields = input.fields(2)
        _ = try? PostgresDatabaseURL(parsing: fields[0])
        let text = "postgresql://updraft:\(fields[1])Qz9@db.internal:5432/updraft?sslmode=require"
        do {
            let url = try PostgresDatabaseURL(parsing: text)
            require(!holds(url.description, "Qz9") && !holds(String(reflecting: url), "Qz9"),
                    "the password shows in \(url.description)")
        } catch {
            require(!holds(String(describing: error), "Qz9"), "the password shows in the error \(error)")
        }
    }
}
