import Foundation

/// The association's schema on PostgreSQL. Its own tables (centres, bundles, logins) come in
/// numbered steps; the centres' records take their tables and columns from the bundle's format
/// (`ExportTable`), each keyed by its centre first, so that a table can be spread over servers
/// by centre one day. A column the format gains is added here by the same migration.
enum PostgresSchema {
    /// The association's own tables, in order; a step is never edited once released.
    static let steps: [String] = [
        """
        CREATE TABLE communes (
            key text PRIMARY KEY,            -- the commune's code, else its folded name
            code text,
            name text NOT NULL
        );
        CREATE TABLE centres (
            id text PRIMARY KEY,
            name text NOT NULL,
            public_key text NOT NULL,
            registered_at bigint NOT NULL,
            commune_key text REFERENCES communes(key),
            time_zone text,
            last_sequence integer NOT NULL DEFAULT 0,
            last_watermark bigint NOT NULL DEFAULT 0,
            last_imported_at bigint
        );
        CREATE TABLE bundles (
            centre_id text NOT NULL REFERENCES centres(id),
            sequence integer NOT NULL,
            name text NOT NULL,
            kind text NOT NULL,
            rows bigint NOT NULL,
            created_at text NOT NULL,
            imported_at bigint NOT NULL,
            PRIMARY KEY (centre_id, sequence)
        );
        CREATE TABLE users (
            id text PRIMARY KEY,
            username text NOT NULL UNIQUE,
            role text NOT NULL CHECK (role IN ('manager', 'staff')),
            password_hash text NOT NULL,
            created_at bigint NOT NULL
        );
        """,
        // What the one scoring engine made of each commune's records (PostgresScoring), for SQL to sum.
        """
        ALTER TABLE communes ADD COLUMN changed bigint NOT NULL DEFAULT 0, ADD COLUMN scored bigint NOT NULL DEFAULT 0;
        CREATE TABLE learner_scores (
            centre_id text NOT NULL REFERENCES centres(id),
            learner_id text NOT NULL,
            year integer NOT NULL,
            commune_key text NOT NULL REFERENCES communes(key),
            points double precision NOT NULL,
            recognized boolean NOT NULL,
            hours double precision NOT NULL,
            PRIMARY KEY (centre_id, year, learner_id)
        );
        CREATE INDEX learner_scores_commune ON learner_scores (commune_key, year);
        CREATE TABLE group_titles (
            commune_key text NOT NULL REFERENCES communes(key),
            year integer NOT NULL,
            kind text NOT NULL,
            group_id text NOT NULL,
            name text NOT NULL,
            recognized boolean NOT NULL,
            level integer,
            PRIMARY KEY (commune_key, year, kind, group_id)
        );
        """,
        // What the pages sum (PostgresReports): each learner's village and target group, each title
        // whole, each commune's T1–T10 (and each village's) as the engine counted them, hours by month;
        // the daemon's login sessions (`sessions` are the centres' lessons).
        """
        -- What the engine made of a commune is rewritten by the scoring alone, in one transaction:
        -- no foreign keys to check row by row (they were most of the write-back's time).
        ALTER TABLE learner_scores DROP CONSTRAINT IF EXISTS learner_scores_centre_id_fkey,
            DROP CONSTRAINT IF EXISTS learner_scores_commune_key_fkey;
        ALTER TABLE group_titles DROP CONSTRAINT IF EXISTS group_titles_commune_key_fkey;
        ALTER TABLE communes ADD COLUMN dirty_all boolean NOT NULL DEFAULT true,   -- every year to score again
            ADD COLUMN dirty_years integer[] NOT NULL DEFAULT '{}';                 -- else these
        ALTER TABLE learner_scores ADD COLUMN village_id text, ADD COLUMN target_group text;
        CREATE INDEX learner_scores_village ON learner_scores (village_id, year);
        CREATE INDEX learner_scores_year ON learner_scores (year);
        ALTER TABLE group_titles ADD COLUMN place integer NOT NULL DEFAULT 0, ADD COLUMN village_id text, ADD COLUMN unit_kind text,
            ADD COLUMN has_members boolean NOT NULL DEFAULT true, ADD COLUMN reasons text NOT NULL DEFAULT '[]',
            ADD COLUMN facts text NOT NULL DEFAULT '{}';
        CREATE INDEX group_titles_year ON group_titles (year, kind);
        CREATE TABLE commune_years (
            commune_key text NOT NULL,
            year integer NOT NULL,
            ruleset text NOT NULL,
            ruleset_version integer NOT NULL,
            PRIMARY KEY (commune_key, year)
        );
        CREATE TABLE target_tallies (
            commune_key text NOT NULL,
            year integer NOT NULL,
            village_id text NOT NULL,        -- '': the whole commune (or the centre)
            centre_id text NOT NULL,         -- '': not one centre's
            code text NOT NULL,
            place integer NOT NULL,
            name text NOT NULL,
            numerator integer NOT NULL,
            denominator integer NOT NULL,
            target2025 double precision NOT NULL,
            target2030 double precision NOT NULL,
            PRIMARY KEY (commune_key, year, village_id, centre_id, code)
        );
        CREATE INDEX target_tallies_year ON target_tallies (year, village_id, centre_id);
        CREATE TABLE target_groups (
            commune_key text NOT NULL,
            year integer NOT NULL,
            code text NOT NULL,
            name text NOT NULL,
            PRIMARY KEY (commune_key, year, code)
        );
        CREATE TABLE month_hours (
            commune_key text NOT NULL,
            year integer NOT NULL,
            village_id text NOT NULL,
            category text NOT NULL,
            month text NOT NULL,
            hours double precision NOT NULL,
            PRIMARY KEY (commune_key, year, village_id, category, month)
        );
        CREATE TABLE login_sessions (
            token_hash text PRIMARY KEY,
            user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            csrf_token text NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL
        );
        -- Communes scored before this step have none of the new rows: every year of each is scored
        -- again by the next import or the daemon's start.
        UPDATE communes SET changed = changed + 1;
        """,
        // The province's report settings (`ProvinceSettings`), each with who set it and when.
        """
        CREATE TABLE settings (
            key text PRIMARY KEY,
            value text NOT NULL,
            changed_by text,
            changed_at bigint NOT NULL
        );
        """,
    ]

    /// Columns the association adds to a centre's records: a village's commune and folded name
    /// (villages of one commune with the same name are one village).
    static let extraColumns: [String: [(name: String, type: String)]] = [
        "villages": [("commune_key", "text NOT NULL"), ("folded_name", "text NOT NULL")],
    ]

    /// Indexes on the records beyond their keys: the pages' joins, by centre first.
    static let indexes: [(name: String, sql: String)] = [
        ("villages_commune", "CREATE INDEX villages_commune ON villages (commune_key, folded_name)"),
        ("learners_village", "CREATE INDEX learners_village ON learners (centre_id, village_id)"),
        ("check_ins_learner", "CREATE INDEX check_ins_learner ON check_ins (centre_id, learner_id, checked_in_at)"),
        ("memberships_village", "CREATE INDEX memberships_village ON memberships (centre_id, village_id)"),
    ]

    /// The tables whose rows a bundle carries (its deletions are applied, not kept).
    static var recordTables: [ExportTable] { ExportTable.all.filter { $0.name != "deletions" } }

    static func type(_ kind: ExportTable.Kind) -> String {
        switch kind {
        case .text: "text"
        case .integer, .timestamp: "bigint"
        case .real: "double precision"
        case .flag: "boolean"
        }
    }

    /// Creates or upgrades the schema, in one transaction under a lock, so that two programs
    /// starting at once (the daemon and an import) do not both migrate.
    static func migrate(_ connection: PostgresConnection) throws {
        try connection.transaction {
            try connection.query("SELECT pg_advisory_xact_lock(7316)")
            try connection.execute("CREATE TABLE IF NOT EXISTS lc_schema (version integer NOT NULL)")
            let current = Int(try connection.query("SELECT max(version) FROM lc_schema").first?[0] ?? "") ?? 0
            guard current <= steps.count else {
                throw SystemError("cơ sở dữ liệu PostgreSQL \(connection.target) có lược đồ số \(current), mới hơn chương trình này (số \(steps.count)). "
                    + "Hãy cài phiên bản learning-centre mới hơn; không dùng bản cũ trên dữ liệu mới.")
            }
            for (index, step) in steps.enumerated() where index >= current {
                try connection.execute(step)
                try connection.query("INSERT INTO lc_schema(version) VALUES ($1)", [String(index + 1)])
            }
            // Only what is missing is created or altered: ALTER and CREATE INDEX lock a table
            // against every reader, even when there is nothing to do.
            var present: [String: Set<String>] = [:]
            for row in try connection.query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()") {
                present[row[0]!, default: []].insert(row[1]!)
            }
            for table in recordTables { try ensure(table, having: present[table.name], connection) }
            let indexes = Set(try connection.query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()").map { $0[0]! })
            for (name, sql) in Self.indexes where !indexes.contains(name) { try connection.execute(sql) }
        }
    }

    /// A record table as the bundle format has it: created, or given the columns it lacks.
    private static func ensure(_ table: ExportTable, having present: Set<String>?, _ connection: PostgresConnection) throws {
        let columns = table.columns.map { ($0.name, type($0.kind)) } + (extraColumns[table.name] ?? [])
        guard let present else {
            let key = (["centre_id"] + table.key).joined(separator: ", ")
            try connection.execute("""
                CREATE TABLE \(table.name) (
                    centre_id text NOT NULL REFERENCES centres(id),
                    \(columns.map { "\($0.0) \($0.1)" }.joined(separator: ",\n    ")),
                    PRIMARY KEY (\(key))
                )
                """)
            return
        }
        for (name, type) in columns where !present.contains(name) {
            // A column added later cannot be NOT NULL over older rows.
            try connection.execute("ALTER TABLE \(table.name) ADD COLUMN \(name) \(type.replacingOccurrences(of: " NOT NULL", with: ""))")
        }
    }
}
