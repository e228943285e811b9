import Foundation
import Synchronization
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The association on PostgreSQL (a real server, started by the tests): the same bundles under
/// the same rules as the SQLite store, through the command line a province's operator uses.
@Suite struct PostgresAssociationTests {
    let server: PostgresServer
    /// The association's working folder (each commune's scratch store for scoring).
    let work = temporaryDirectory("lc-pg-work")
    init() throws { server = try PostgresServer.shared.get() }

    /// `learning-centre association …` against `url`, failing the test on a non-zero exit unless `expecting` says otherwise.
    @discardableResult
    func association(_ arguments: [String], url: String, expecting status: Int32 = 0) throws -> CommandResult {
        let result = try runCommand(["association"] + arguments + ["--database", url, "--rulesets", repositoryRoot + "/rulesets", "--data", work])
        #expect(result.status == status, "\(arguments.first ?? ""): \(result.stderr)")
        return result
    }

    func register(_ centres: [Store], url: String) throws {
        for (index, centre) in centres.enumerated() {
            try association(["register-centre", "--id", try centre.centreId(), "--key", try centre.centreKey().publicKeyBase64,
                             "--name", "Trung tâm \(index + 1)"], url: url)
        }
    }

    /// A table's `columns` for one centre, a line per record, sorted: at the centre and in PostgreSQL.
    func rows(_ table: String, _ columns: String, centre: Store, postgres: PostgresConnection) throws -> (centre: [String], postgres: [String]) {
        let id = try centre.centreId()
        let mine = try centre.read { db in
            try String.fetchAll(db, sql: "SELECT \(columns.split(separator: ",").map { "coalesce(\($0), '')" }.joined(separator: " || '|' || ")) FROM \(table)")
        }
        let theirs = try postgres.query("SELECT concat_ws('|', \(columns.split(separator: ",").map { "coalesce(\($0)::text, '')" }.joined(separator: ", "))) FROM \(table) WHERE centre_id = $1",
                                        [id]).map { $0[0]! }
        // Numbers as numbers (8.0 in SQLite is 8 in PostgreSQL).
        func normal(_ rows: [String]) -> [String] {
            rows.map { $0.split(separator: "|", omittingEmptySubsequences: false).map { Double($0).map { String($0) } ?? String($0) }.joined(separator: "|") }.sorted()
        }
        return (normal(mine), normal(theirs))
    }

    @Test func nightsOfBundlesOutOfOrderAndTwiceLeaveEachCentresRecords() throws {
        let a = try demoCentre(learners: 60, seed: 2022), b = try demoCentre(learners: 40, seed: 7)
        var random = SplitMix(seed: 11)
        var bundles: [String] = []
        for _ in 0..<8 {
            for centre in [a, b] {
                try AssociationImportTests().aDay(at: centre, &random)
                bundles.append(try centre.exportForTest().tarballPath)
            }
        }
        let url = try server.makeDatabase()
        try register([a, b], url: url)
        // Delivered out of order, some twice, a few at a time, by the command line; what waits comes again later.
        let (waited, duplicates, left) = try deliverShuffled(bundles, twice: 6, batch: 4, random: &random) { batch in
            let output = try runCommand(["association", "import", "--database", url, "--rulesets", repositoryRoot + "/rulesets", "--data", work] + batch)
            return output.stdout.split(separator: "\n").compactMap { line in
                #expect(!line.hasPrefix("✗"), "\(line)")
                let kind: ImportOutcome.Kind? = line.hasPrefix("…") ? .waiting : line.hasPrefix("=") ? .duplicate : line.hasPrefix("✓") ? .applied : nil
                return kind.map { ($0, String(line.dropFirst(2).prefix { $0 != ":" })) }
            }
        }
        #expect(left == 0)
        #expect(waited > 0 && duplicates >= 6, "the test did deliver out of order (\(waited)) and twice (\(duplicates))")
        let postgres = try PostgresConnection(url)
        for centre in [a, b] {
            // Every record as the centre has it: inserts, updates (a learner's notes), deletions (assessments taken back).
            for (table, columns) in [("learners", "id,full_name,updated_at,village_id"), ("check_ins", "id,learner_id,visit_hours"),
                                     ("assessments", "learner_id,year,code,points"), ("memberships", "learner_id,from_day,village_id"),
                                     ("sessions", "id,title"), ("households", "id,name,village_id"), ("group_facts", "kind,group_id,year,fact")] {
                let (mine, theirs) = try rows(table, columns, centre: centre, postgres: postgres)
                let missing = Set(mine).subtracting(theirs), extra = Set(theirs).subtracting(mine)
                #expect(mine.count == theirs.count && missing.isEmpty && extra.isEmpty,
                        "\(table): \(mine.count) at the centre, \(theirs.count) in PostgreSQL; missing \(missing.prefix(3)), extra \(extra.prefix(3))")
            }
        }
        // The same figures as the SQLite store given the same bundles, and as each centre's own.
        let sqlite = try makeAssociation(registering: [a, b])
        for outcome in try sqlite.importBundles(bundles) { #expect(outcome.kind == .applied || outcome.kind == .duplicate, "\(outcome.message)") }
        let year = Timestamps.currentYear()
        let fromSQLite = try sqlite.centreTotals(year: year)
        let fromPostgres = try PostgresAssociation(url: url, rulesets: repositoryRoot + "/rulesets").centreTotals(year: year)
        // The scratch stores kept in step bundle by bundle give what a store laid anew from PostgreSQL gives.
        try postgres.query("UPDATE communes SET changed = changed + 1, dirty_all = true")
        let anew = try PostgresAssociation(url: url, rulesets: repositoryRoot + "/rulesets")
        try anew.scoreChangedCommunes()
        #expect(try anew.centreTotals(year: year) == fromPostgres)
        for centre in [a, b] {
            let id = try centre.centreId()
            for totals in [fromPostgres[id], fromSQLite[id]] {
                var rounded = totals
                rounded?.hours = Store.roundHours(totals?.hours ?? 0)
                var own = try centre.ownTotals(year: year)
                own.hours = Store.roundHours(own.hours)
                #expect(rounded == own, "centre \(id)")
                #expect(own.learners > 0 && own.learningCitizens > 0, "the figures compared are not empty")
            }
        }
        func titles(_ rows: [(String, String, Bool)]) -> [String] { rows.map { "\($0.0)|\($0.1)|\($0.2)" }.sorted() }
        let sqliteTitles = try sqlite.yearResults(year: year).titles.flatMap { kind, list in list.map { (kind.rawValue, $0.name, $0.recognized) } }
        let postgresTitles = try postgres.query("SELECT kind, name, recognized FROM group_titles WHERE year = $1", [String(year)]).map { ($0[0]!, $0[1]!, $0[2] == "t") }
        #expect(!sqliteTitles.isEmpty && titles(sqliteTitles) == titles(postgresTitles), "every household's, clan's, village's and unit's title")
        // Villages of the same name in one commune are one village of it.
        #expect(try postgres.query("SELECT count(DISTINCT (commune_key, folded_name)) FROM villages").first?[0] == String(DemoCommune.villages.count))
        let listed = try association(["centres"], url: url).stdout
        #expect(listed.contains("Trung tâm 1") && listed.contains("gói số 8"), "\(listed)")
        // Everything again changes nothing.
        let before = try postgres.query("SELECT count(*), sum(visit_hours) FROM check_ins").first!
        let again = try association(["import"] + bundles, url: url).stdout
        #expect(again.split(separator: "\n").allSatisfy { $0.hasPrefix("=") }, "\(again)")
        #expect(try postgres.query("SELECT count(*), sum(visit_hours) FROM check_ins").first! == before)
        #expect(try postgres.query("SELECT count(*) FROM bundles").first?[0] == "16")
    }

    @Test func twoImportersAtOnceApplyABundleOnce() throws {
        let centre = try demoCentre(learners: 120, seed: 5)
        let bundle = try centre.exportForTest(full: true).tarballPath
        let url = try server.makeDatabase()
        try register([centre], url: url)
        let results = Mutex<[CommandResult]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            if let result = try? runCommand(["association", "import", "--database", url, bundle, "--data", work]) { results.withLock { $0.append(result) } }
        }
        let outputs = results.withLock { $0 }
        #expect(outputs.count == 2 && outputs.allSatisfy { $0.status == 0 }, "\(outputs.map(\.stderr))")
        #expect(outputs.filter { $0.stdout.hasPrefix("✓") }.count == 1 && outputs.filter { $0.stdout.hasPrefix("=") }.count == 1,
                "\(outputs.map(\.stdout))")
        let postgres = try PostgresConnection(url)
        #expect(try postgres.query("SELECT count(*) FROM bundles").first?[0] == "1")
        let checkIns = try centre.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins") }!
        #expect(try postgres.query("SELECT count(*) FROM check_ins").first?[0] == String(checkIns))
    }

    /// The server goes down while a bundle is half copied (held there by a lock on a table it has
    /// yet to reach): nothing of it stays; sent again, it applies whole.
    @Test func aServerRestartedDuringAnImportKeepsNoPartOfTheBundle() throws {
        let own = try PostgresServer()  // restarted below: not the server other tests share
        let centre = try demoCentre(learners: 80, seed: 9)
        let bundle = try centre.exportForTest(full: true).tarballPath
        let url = try own.makeDatabase()
        try register([centre], url: url)
        let holder = try PostgresConnection(url)
        try holder.execute("BEGIN; LOCK TABLE check_ins IN ACCESS EXCLUSIVE MODE")
        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: binaryPath)
        importer.arguments = ["association", "import", "--database", url, bundle, "--data", work]
        let output = Pipe()
        importer.standardOutput = output
        importer.standardError = output
        try importer.run()
        // Wait until the importer is held at check_ins' staging table, the learners and sessions already copied in its transaction.
        let watcher = try PostgresConnection(url)
        var held = false
        for _ in 0..<6000 where !held {
            held = try watcher.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%stage_check_ins%'").first != nil
            if !held { usleep(20_000) }
        }
        #expect(held, "the importer reached check_ins")
        try own.crashAndRestart()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 1, "\(said)")
        #expect(said.contains("✗") && said.contains("PostgreSQL"), "the import says the server went away: \(said)")
        let after = try PostgresConnection(url)
        for table in ["learners", "sessions", "check_ins", "bundles"] {
            #expect(try after.query("SELECT count(*) FROM \(table)").first?[0] == "0", "no part of the bundle in \(table)")
        }
        #expect(try after.query("SELECT last_sequence FROM centres").first?[0] == "0")
        #expect(try association(["import", bundle], url: url).stdout.hasPrefix("✓"))
        let learners = try centre.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM learners") }!
        #expect(try after.query("SELECT count(*) FROM learners").first?[0] == String(learners))
    }

    /// A database of the last release (schema step 2) with a commune already scored: the upgrade
    /// marks it to be scored again, every year, so that the new pages have its figures.
    @Test func anUpgradedDatabaseScoresItsCommunesAgain() throws {
        let url = try server.makeDatabase()
        let old = try PostgresConnection(url)
        try old.execute("CREATE TABLE lc_schema (version integer NOT NULL)")
        for (index, step) in PostgresSchema.steps.prefix(2).enumerated() {
            try old.execute(step)
            try old.query("INSERT INTO lc_schema(version) VALUES ($1)", [String(index + 1)])
        }
        try old.query("INSERT INTO communes(key, code, name, changed, scored) VALUES ('code:1', '1', 'Xã Một', 3, 3)")
        #expect(try PostgresAssociation(url: url).schemaVersion() == PostgresSchema.steps.count)
        #expect(try old.query("SELECT changed > scored, dirty_all FROM communes").first! == ["t", "t"])
    }

    @Test func aWrongDatabaseIsNamedWithItsHostAndWithoutThePassword() throws {
        let nowhere = temporaryDirectory("lc-no-pg")
        let result = try runCommand(["association", "centres", "--database", "postgresql://hoi:bi-mat-42@/tinh_hk?host=\(nowhere)", "--data", work])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\"tinh_hk\"") && result.stderr.contains(nowhere), "\(result.stderr)")
        #expect(!result.stderr.contains("bi-mat-42"), "no password printed: \(result.stderr)")
        let malformed = try runCommand(["association", "migrate", "--database", "postgresql://hoi:bi-mat-42@localhost/tinh?sai=1"])
        #expect(malformed.status == 1 && malformed.stderr.contains("không hợp lệ") && !malformed.stderr.contains("bi-mat-42"), "\(malformed.stderr)")
        let missing = try runCommand(["association", "centres", "--database", server.url(database: "khong_co"), "--data", work])
        #expect(missing.status == 1 && missing.stderr.contains("khong_co"), "\(missing.stderr)")
    }

    @Test func aBundleOfANewerFormatIsRefusedAndLoginsLiveInTheDatabase() throws {
        let centre = try demoCentre(learners: 10, seed: 3)
        let record = try centre.exportForTest(full: true)
        // The centre's own signature over a manifest that says format 2.
        let manifestPath = (record.folder as NSString).appendingPathComponent(BundleManifest.fileName)
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
            .replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 2")
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let signature = Data(try centre.centreKey().sign(Array(manifest.utf8))).base64EncodedString()
        try signature.write(toFile: (record.folder as NSString).appendingPathComponent(BundleManifest.signatureName), atomically: true, encoding: .utf8)
        let url = try server.makeDatabase()
        try register([centre], url: url)
        let refused = try association(["import", record.folder], url: url, expecting: 1)
        #expect(refused.stdout.hasPrefix("✗") && refused.stdout.contains("phiên bản 2"), "\(refused.stdout)")
        #expect(try PostgresConnection(url).query("SELECT count(*) FROM learners").first?[0] == "0")

        let added = try runCommand(["user", "add", "tinh", "--role", "manager", "--password-stdin", "--database", url, "--data", work], stdin: "mat-khau-tinh\n")
        #expect(added.status == 0, "\(added.stderr)")
        let twice = try runCommand(["user", "add", "tinh", "--role", "staff", "--password-stdin", "--database", url, "--data", work], stdin: "mat-khau-tinh\n")
        #expect(twice.status == 1 && twice.stderr.contains("đã có tài khoản"), "\(twice.stderr)")
        let hash = try PostgresConnection(url).query("SELECT password_hash FROM users WHERE username = 'tinh'").first?[0] ?? nil
        #expect(hash.map { Passwords.verify("mat-khau-tinh", hash: $0) } == true)
    }
}
