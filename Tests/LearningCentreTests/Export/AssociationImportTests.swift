import Foundation
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The association's side: only registered, untouched bundles, in order, each once.
@Suite struct AssociationImportTests {
    /// A day at a centre: visits, a learner renamed, an assessment given and one taken back,
    /// a village fact recorded.
    func aDay(at store: Store, _ random: inout SplitMix) throws {
        let learners = try store.read { db in try String.fetchAll(db, sql: "SELECT id FROM learners WHERE archived = 0 ORDER BY seq") }
        try store.write { db in
            for _ in 0..<(3 + random.next(5)) {
                let learner = learners[random.next(learners.count)]
                let start = Store.nowMillis() - Int64(random.next(30)) * 86_400_000 - 3 * 3_600_000
                try db.execute(sql: """
                    INSERT INTO check_ins(id, learner_id, purpose, checked_in_at, checked_out_at, visit_hours) VALUES (?, ?, 'reading', ?, ?, 1.5)
                    """, arguments: [UUID().uuidString.lowercased(), learner, start, start + 5_400_000])
            }
            let renamed = learners[random.next(learners.count)]
            try db.execute(sql: "UPDATE learners SET notes = ?, updated_at = ? WHERE id = ?", arguments: ["ngày \(random.next(1000))", Store.nowMillis(), renamed])
            let assessed = learners[random.next(learners.count)]
            let year = Timestamps.currentYear()
            try db.execute(sql: "INSERT OR REPLACE INTO assessments(learner_id, year, code, points, assessed_by, assessed_at) VALUES (?, ?, '2.4', 8, 'test', ?)",
                           arguments: [assessed, year, Store.nowMillis()])
            if random.next(3) == 0 {
                try db.execute(sql: "DELETE FROM assessments WHERE rowid = (SELECT min(rowid) FROM assessments)")
            }
        }
    }

    @Test func aMonthOfBundlesFromTwoCentresOutOfOrderAndTwiceGivesEachCentresTotals() throws {
        let a = try demoCentre(learners: 80, seed: 2022), b = try demoCentre(learners: 50, seed: 7)
        var random = SplitMix(seed: 11)
        var bundles: [String] = []
        for night in 0..<30 {
            for centre in [a, b] {
                try aDay(at: centre, &random)
                let record = try centre.exportForTest()
                bundles.append(record.tarballPath)
                if night == 29 {
                    // A nightly bundle's scores (of the learners touched) are those of the whole year's computation.
                    let all = Dictionary(uniqueKeysWithValues: try centre.yearResults(year: Timestamps.currentYear()).scores.map { ($0.learnerId, $0.total) })
                    let sent = try bundleRows(record, "scores.csv").dropFirst()
                    #expect(!sent.isEmpty)
                    for row in sent { #expect(Double(row[4]) == all[row[0]], "score of \(row[0])") }
                }
            }
        }
        let association = try makeAssociation(registering: [a, b])
        // Delivered out of order, some twice, a few at a time; what waits for an earlier one comes again later.
        let (waited, duplicates, left) = try deliverShuffled(bundles, twice: 12, batch: 5, random: &random) { batch in
            try association.importBundles(batch).map { outcome in
                #expect(outcome.kind != .refused, "\(outcome.message)")
                return (outcome.kind, outcome.path)
            }
        }
        #expect(left == 0)
        #expect(waited > 0 && duplicates >= 12, "the test did deliver out of order (\(waited)) and twice (\(duplicates))")
        let year = Timestamps.currentYear()
        let totals = try association.centreTotals(year: year)
        #expect(totals[try a.centreId()] == (try a.ownTotals(year: year)))
        #expect(totals[try b.centreId()] == (try b.ownTotals(year: year)))
        // Every learner's score is the one the centre computes.
        let scores = Dictionary(uniqueKeysWithValues: try association.yearResults(year: year).scores.map { ($0.learnerId, $0.total) })
        for centre in [a, b] {
            for score in try centre.yearResults(year: year).scores { #expect(scores[score.learnerId] == score.total) }
        }
        #expect(try association.communeName() == (try a.communeName()), "the commune's reports carry its name")
        // Villages of the same name are one village of the commune.
        #expect(try association.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM villages") } == DemoCommune.villages.count)
        let before = try association.centreTotals(year: year)
        for outcome in try association.importBundles(bundles) { #expect(outcome.kind == .duplicate) }
        #expect(try association.centreTotals(year: year) == before, "everything again changes nothing")
    }

    @Test(arguments: AssociationUnderTest.kinds)
    func refusesTamperedUnknownAndBrokenBundlesNamingTheFile(_ store: String) throws {
        let centre = try demoCentre(learners: 20)
        let first = try centre.exportForTest()
        let stranger = try demoCentre(learners: 5, seed: 3)
        let unknown = try stranger.exportForTest()
        let association = try AssociationUnderTest(store, registering: [centre])

        let refused = try association.importBundles([unknown.tarballPath])
        #expect(refused.first?.kind == .refused && refused.first?.message.contains("chưa được đăng ký") == true, "\(refused)")

        // A copy of the bundle with one CSV touched, and one with the manifest touched.
        let copy = temporaryDirectory() + "/" + first.name
        try FileManager.default.copyItem(atPath: first.folder, toPath: copy)
        let sessions = copy + "/sessions.csv"
        try (String(contentsOfFile: sessions, encoding: .utf8) + "x\r\n").write(toFile: sessions, atomically: true, encoding: .utf8)
        let touched = try association.importBundles([copy])
        #expect(touched.first?.kind == .refused && touched.first?.message.contains("sessions.csv") == true, "\(touched)")
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: first.folder, toPath: copy)
        let manifest = copy + "/manifest.json"
        try (String(contentsOfFile: manifest, encoding: .utf8).replacingOccurrences(of: "\"sequence\" : 1", with: "\"sequence\" : 9")).write(toFile: manifest, atomically: true, encoding: .utf8)
        let forged = try association.importBundles([copy])
        #expect(forged.first?.kind == .refused && forged.first?.message.contains("manifest.json") == true, "\(forged)")
        #expect(try association.value("SELECT count(*) FROM learners") == "0.0", "nothing of them applied")

        // A gap waits for the missing bundle; then both apply.
        try centre.write { db in try db.execute(sql: "UPDATE learners SET full_name = 'Nguyễn Văn A' WHERE seq = 1") }
        let second = try centre.exportForTest()
        try centre.write { db in try db.execute(sql: "UPDATE learners SET full_name = 'Nguyễn Văn B' WHERE seq = 1") }
        let third = try centre.exportForTest()
        #expect(try association.importBundles([first.tarballPath]).first?.kind == .applied)
        let gap = try association.importBundles([third.tarballPath])
        #expect(gap.first?.kind == .waiting && gap.first?.message.contains("số 2") == true, "\(gap)")
        #expect(try association.importBundles([third.tarballPath, second.folder]).map(\.kind) == [.applied, .applied])
        let renamed = try centre.read { db in try String.fetchOne(db, sql: "SELECT id FROM learners WHERE seq = 1")! }
        #expect(try association.value("SELECT full_name FROM learners WHERE id = ?", [renamed]) == "Nguyễn Văn B")
        #expect(try association.importBundles([second.tarballPath]).first?.kind == .duplicate, "an older bundle after a newer one")

        // A centre database cannot take other centres' bundles.
        if store == "sqlite" { #expect(throws: SystemError.self) { try centre.importBundles([first.tarballPath]) } }
    }

    @Test(arguments: AssociationUnderTest.kinds)
    func anAssessmentTakenBackAndGivenAgainArrivesAsGiven(_ store: String) throws {
        let centre = try demoCentre(learners: 20)
        let association = try AssociationUnderTest(store, registering: [centre])
        #expect(try association.importBundles([try centre.exportForTest().tarballPath]).first?.kind == .applied)
        let learner = try centre.read { db in try String.fetchOne(db, sql: "SELECT id FROM learners LIMIT 1")! }
        let year = Timestamps.currentYear()
        try centre.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO assessments(learner_id, year, code, points, assessed_by, assessed_at) VALUES (?, ?, '2.3', 5, 'a', 1)",
                           arguments: [learner, year])
        }
        try centre.write { db in try db.execute(sql: "DELETE FROM assessments WHERE learner_id = ? AND code = '2.3'", arguments: [learner]) }
        try centre.write { db in
            try db.execute(sql: "INSERT INTO assessments(learner_id, year, code, points, assessed_by, assessed_at) VALUES (?, ?, '2.3', 7, 'b', 2)",
                           arguments: [learner, year])
        }
        #expect(try association.importBundles([try centre.exportForTest().tarballPath]).first?.kind == .applied)
        #expect(try association.value("SELECT points FROM assessments WHERE learner_id = ? AND code = '2.3'", [learner]) == "7.0")
    }

    @Test(arguments: AssociationUnderTest.kinds)
    func aClockThatWentBackwardsLosesNothing(_ store: String) throws {
        let centre = try demoCentre(learners: 20)
        let association = try AssociationUnderTest(store, registering: [centre])
        let firstOutcome = try association.importBundles([try centre.exportForTest().tarballPath]).first
        #expect(firstOutcome?.kind == .applied, "\(String(describing: firstOutcome?.message))")
        // The box boots with its clock in 2001 and records a visit: stamped in the past, still sent.
        let learner = try centre.read { db in try String.fetchOne(db, sql: "SELECT id FROM learners LIMIT 1")! }
        let past = Timestamps.parse("2001-01-01T08:00:00+07:00")!
        try centre.write { db in
            try db.execute(sql: "INSERT INTO check_ins(id, learner_id, purpose, checked_in_at, checked_out_at, visit_hours) VALUES ('past-visit', ?, 'reading', ?, ?, 1)",
                           arguments: [learner, past, past + 3_600_000])
        }
        let next = try centre.exportForTest()
        #expect(try bundleRows(next, "check_ins.csv").count == 2)
        #expect(try association.importBundles([next.tarballPath]).first?.kind == .applied)
        #expect(try association.value("SELECT checked_in_at FROM check_ins WHERE id = 'past-visit'") == String(Double(past)))
    }
}
