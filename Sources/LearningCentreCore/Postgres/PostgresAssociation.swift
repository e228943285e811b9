import Foundation

/// The association's records in PostgreSQL (`--database URL`): a province's or the country's
/// centres, each centre's records keyed by it. The same bundles and the same rules as the
/// SQLite store: verified the same way, applied per centre in sequence order, one transaction
/// per bundle, loaded with `COPY`.
public final class PostgresAssociation {
    let connection: PostgresConnection
    /// The criteria sets shipped with the program, as the SQLite association's daemon loads them.
    let rulesets: String?
    /// The working folder (`--data`): the inbox of bundles waiting for an earlier one, and each
    /// commune's scratch store for scoring (`scoring/`), a copy, never the record.
    let workFolder: String
    var scratchRoot: String { (workFolder as NSString).appendingPathComponent("scoring") }
    private let workFolderIsTemporary: Bool

    /// Connects and creates or upgrades the schema. `workFolder`: where the inbox and scratch
    /// stores are kept between runs (without one, they last one run).
    public init(url: String, rulesets: String? = nil, workFolder: String? = nil) throws {
        connection = try PostgresConnection(url)
        self.rulesets = rulesets
        workFolderIsTemporary = workFolder == nil
        self.workFolder = workFolder ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("lc-association-\(UUID().uuidString)")
        try PostgresSchema.migrate(connection)
    }

    deinit { if workFolderIsTemporary { Store.removeWhatever(workFolder) } }

    /// Where the records are, for messages: database and host, never the password.
    public var target: String { connection.target.description }

    /// The schema's step, after `init` has migrated it.
    public func schemaVersion() throws -> Int {
        Int(try connection.query("SELECT max(version) FROM lc_schema").first?[0] ?? "") ?? 0
    }

    /// Registers (or renames) a centre with its public key; a different key for a known centre is refused.
    public func registerCentre(id: String, name: String, publicKey: String) throws {
        let id = try CentreRegistration.check(id: id, publicKey: publicKey)
        try connection.transaction {
            if let known = try connection.query("SELECT public_key FROM centres WHERE id = $1 FOR UPDATE", [id]).first?[0] ?? nil, known != publicKey {
                throw CentreRegistration.otherKey(id: id, known: known)
            }
            try connection.query("""
                INSERT INTO centres(id, name, public_key, registered_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name
                """, [id, name, publicKey, String(Store.nowMillis())])
        }
    }

    public func registeredCentres() throws -> [RegisteredCentre] { try PostgresReports.registeredCentres(connection) }

    /// Bundles given on the command line, through the working folder's inbox as at the SQLite
    /// store (`BundleInbox.receive`): an early one waits there until the gap fills.
    public func receiveBundles(_ paths: [String]) throws -> [ImportOutcome] {
        try BundleInbox(dataDirectory: workFolder).receive(paths, importing: importBundles)
    }

    /// Verifies every bundle, then applies them per centre in sequence order, each in one
    /// transaction. The same bundle twice, or an older one after a newer, changes nothing; two
    /// importers at once wait for each other on the centre's row. The communes whose records
    /// changed are scored afterwards by `scoreChangedCommunes`.
    public func importBundles(_ paths: [String]) throws -> [ImportOutcome] {
        let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("lc-import-\(UUID().uuidString)")
        defer { Store.removeWhatever(scratch) }
        return BundleImport.run(paths, scratch: scratch, trustedKey: { manifest in
            try self.connection.query("SELECT public_key FROM centres WHERE id = $1", [manifest.centre.id]).first?[0] ?? nil
        }, apply: { bundle, path in
            let (outcome, commune) = try self.apply(bundle, path: path)
            // After the commit: the scratch copy never runs ahead of PostgreSQL.
            if let commune { self.keepInStep(bundle, path: path, commune: commune) }
            return outcome
        })
    }

    /// The bundle's outcome, and its commune when it was applied.
    private func apply(_ bundle: VerifiedBundle, path: String) throws -> (ImportOutcome, commune: String?) {
        let m = bundle.manifest
        return try connection.transaction {
            guard let centre = try connection.query("SELECT name, last_sequence, last_watermark, time_zone FROM centres WHERE id = $1 FOR UPDATE",
                                                    [m.centre.id]).first else {
                throw BundleRefused("trung tâm \(m.centre.id) chưa đăng ký")
            }
            let centreName = centre[0]!
            if let outcome = try BundleImport.precheck(m, path: path, centreName: centreName,
                                                        lastSequence: Int(centre[1]!)!, lastWatermark: Int64(centre[2]!)!) {
                return (outcome, nil)
            }
            let commune = try communeKey(m.commune)
            var copier = PostgresBundleCopier(connection: connection, centreId: m.centre.id, communeKey: commune,
                                              zone: m.timeZone ?? centre[3] ?? CentreZone.defaultIdentifier)
            var rows = 0
            for table in ExportTable.all where m.files.contains(where: { $0.name == table.name + ".csv" }) {
                rows += try copier.apply(table, file: (bundle.folder as NSString).appendingPathComponent(table.name + ".csv"))
            }
            let now = String(Store.nowMillis())
            // The years to score again: those the records touch (a night's check-ins: this year), or every one.
            let years = m.kind == .full ? nil : copier.years
            try connection.query("""
                UPDATE communes SET changed = changed + 1, dirty_all = dirty_all OR $2,
                    dirty_years = ARRAY(SELECT DISTINCT unnest(dirty_years || $3::integer[]) ORDER BY 1)
                WHERE key = $1
                """, [commune, years == nil ? "t" : "f", "{" + (years ?? []).map(String.init).joined(separator: ",") + "}"])
            try connection.query("""
                UPDATE centres SET last_sequence = $1, last_watermark = $2, last_imported_at = $3, commune_key = $4, time_zone = coalesce($5, time_zone)
                WHERE id = $6
                """, [String(m.sequence), String(m.watermark.to), now, commune, m.timeZone, m.centre.id])
            try connection.query("""
                INSERT INTO bundles(centre_id, sequence, name, kind, rows, created_at, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, [m.centre.id, String(m.sequence), m.name, m.kind.rawValue, String(rows), m.createdAt, now])
            return (BundleImport.applied(m, path: path, centreName: centreName, rows: rows), commune)
        }
    }

    public func centreTotals(year: Int) throws -> [String: CentreTotals] { try PostgresReports.centreTotals(connection, year: year) }

    /// The commune a bundle names, known by its code (else its folded name); its name follows the latest bundle.
    private func communeKey(_ commune: BundleManifest.Commune) throws -> String {
        let name = commune.name ?? ""
        let key = commune.code.map { "code:\($0)" } ?? "name:\(NameFolding.fold(name))"
        try connection.query("""
            INSERT INTO communes(key, code, name) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET name = CASE WHEN excluded.name = '' THEN communes.name ELSE excluded.name END
            """, [key, commune.code, name])
        return key
    }

    /// A login of the association's daemon.
    public func addUser(username: String, role: Role, password: String) throws -> UserView {
        let name = try UserRules.username(username)
        let hash = try Passwords.hash(try UserRules.password(password))
        let id = RecordID.new()
        try connection.transaction {
            do {
                try connection.query("INSERT INTO users(id, username, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
                                     [id, name, role.rawValue, hash, String(Store.nowMillis())])
            } catch let error as PostgresError where error.state == "23505" {
                throw UserRules.taken(name)
            }
        }
        return UserView(id: id, username: name, role: role)
    }

    public func setPassword(username: String, password: String) throws {
        let hash = try Passwords.hash(try UserRules.password(password))
        try connection.transaction {
            guard let id = try connection.query("UPDATE users SET password_hash = $1 WHERE username = $2 RETURNING id", [hash, username]).first?[0] ?? nil else {
                throw UserRules.unknown(username)
            }
            // A new password ends every session of the old one.
            try connection.query("DELETE FROM login_sessions WHERE user_id = $1", [id])
        }
    }
}
