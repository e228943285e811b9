import Foundation
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct StoreTests {
    @Test func setsDurabilityPragmas() throws {
        let store = try makeStore()
        let (journal, synchronous, foreignKeys, appID) = try store.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), try Int32.fetchOne(db, sql: "PRAGMA application_id"))
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
        #expect(foreignKeys == 1)
        #expect(appID == Store.applicationID)
    }

    /// A new learner is worked out before the write lane (`NewLearner`): what the registration
    /// answers, and what its audit line says, is the row as stored, card code taken meanwhile included.
    @Test func aNewLearnerIsAnsweredAsStored() throws {
        let store = try makeStore()
        let village = try store.saveGroup(.village, id: nil, body: Fields(["name": "Thôn Một"]), actor: nil)["id"]!.stringValue!
        let household = try store.saveGroup(.household, id: nil, body: Fields(["name": "Hộ Lò Văn Pó", "villageId": .string(village)]),
                                            actor: nil)["id"]!.stringValue!
        var draft = LearnerDraft()
        draft.fullName = "Lò Thị Mai"; draft.gender = .female; draft.birthYear = 1958; draft.birthDate = .some("1958-04-30")
        draft.villageId = village; draft.householdId = .some(household); draft.category = .elderly; draft.targetGroup = .some(.farmer)
        draft.isAssociationMember = true; draft.registeredOn = Day("2026-01-05"); draft.phone = .some("0912345678")
        draft.consentAt = .some(1_767_600_000_123); draft.notes = .some("Ghi chú")
        let created = try store.createLearner(draft, confirmDistinct: true, actor: nil)
        #expect(try store.learner(id: created.id) == created)
        #expect(created.consentAt != nil && created.registeredOn == "2026-01-05" && created.targetGroup == .farmer)

        draft.fullName = "Lò Văn Pó"
        let taken = try NewLearner(draft, cardCode: created.cardCode)
        let second = try store.write { db in try Store.insertLearner(db, taken, actor: nil) }
        #expect(second.cardCode != created.cardCode)
        #expect(try store.learner(id: second.id) == second)
        let audit = try #require(try store.auditTrail(entity: "learner", id: second.id).first)
        #expect(audit.action == "create")
        #expect(audit.changes["cardCode"] == [.null, .string(second.cardCode)])
        #expect(audit.changes["fullName"] == [.null, .string("Lò Văn Pó")])
        #expect(audit.changes["createdAt"] == nil && audit.changes["id"] == [.null, .string(second.id)])
        // The line written straight from the fields is the one the general diff writes.
        for learner in [created, second, try #require(try store.learner(id: second.id))] {
            #expect(Store.auditText(created: learner) == Store.auditText(Store.diff([:], learner.fields, ignoring: ["createdAt", "updatedAt"])))
        }
        // Every field the learner has, and only those (the diff above is built from the same fields).
        #expect(Set(audit.changes.keys) == ["archived", "birthDate", "birthYear", "cardCode", "category", "consentAt", "fullName", "gender",
                                            "householdId", "id", "isAssociationMember", "isAssociationOfficer", "notes", "phone",
                                            "registeredOn", "targetGroup", "villageId"])
        #expect(audit.changes["phone"] == [.null, .string("0912345678")])
    }

    @Test func migratesOnceAndReopens() throws {
        let dir = temporaryDirectory()
        _ = try Store(dataDirectory: dir)
        let again = try Store(dataDirectory: dir)
        let applied = try again.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Schema.versions))
    }

    @Test func refusesANewerDatabase() throws {
        let dir = temporaryDirectory()
        let store = try Store(dataDirectory: dir)
        try store.write { db in try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v999-future')") }
        store.groupCommit.stop()  // its last checkpoint may still run after the write returned
        try store.pool.close()
        #expect { try Store(dataDirectory: dir) } throws: { ($0 as? StoreError).map { "\($0)".contains("mới hơn") } ?? false }
    }

    @Test func refusesAForeignFile() throws {
        let dir = temporaryDirectory()
        let queue = try DatabaseQueue(path: dir + "/" + Store.fileName)
        try queue.write { db in try db.execute(sql: "CREATE TABLE other(x)") }
        try queue.close()
        #expect { try Store(dataDirectory: dir) } throws: { error in
            guard case .foreignFile? = error as? StoreError else { return false }
            return true
        }
    }

    @Test func refusesADamagedFileAndSaysHowToRestore() throws {
        let dir = temporaryDirectory()
        let store = try Store(dataDirectory: dir)
        _ = try DemoCommune(learnerCount: 200).fill(store)
        try store.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        store.groupCommit.stop()  // its last checkpoint may still run after the write returned
        try store.pool.close()
        // Overwrite pages in the middle of the file.
        let handle = FileHandle(forWritingAtPath: dir + "/" + Store.fileName)!
        try handle.seek(toOffset: 8192)
        handle.write(Data(repeating: 0x5A, count: 16384))
        try handle.close()
        #expect { try Store(dataDirectory: dir) } throws: { error in
            let text = "\(error)"
            return text.contains("restore") && text.contains("hỏng")
        }
    }

    @Test func backupIsASoundCopy() throws {
        let dir = temporaryDirectory()
        let store = try Store(dataDirectory: dir)
        _ = try DemoCommune(learnerCount: 50).fill(store)
        let target = dir + "/copy.sqlite"
        try store.backup(to: target)
        try Restore.verifyBackup(target)
        let restoredDir = temporaryDirectory()
        _ = try Restore.replace(dataDirectory: restoredDir, with: target)
        let restored = try Store(dataDirectory: restoredDir)
        #expect(try restored.searchLearners(LearnerQuery()).items.count == 50)
        #expect(try restored.fullCheck().isEmpty)
    }

    /// Stopping never closes the database under a reader (the delivery or the search index may
    /// be reading when SIGTERM comes): close waits, refuses new work meanwhile, then closes.
    @Test func closeWaitsForReadersAndRefusesNewWork() throws {
        let store = try Store(dataDirectory: temporaryDirectory("lc-close"))
        let reading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? store.read { db -> Int? in
                reading.signal()
                release.wait()
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM learners")
            }
            done.signal()
        }
        reading.wait()
        #expect(try store.close(waitingUpTo: 0.2) == false, "closed under a reader")
        #expect(throws: StoreError.self) { try store.read { db in try Int.fetchOne(db, sql: "SELECT 1") } }
        release.signal()
        done.wait()
        #expect(try store.close(waitingUpTo: 2) == true)
    }
}
