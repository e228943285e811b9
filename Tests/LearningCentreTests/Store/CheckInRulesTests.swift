import Foundation
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The check-in rules, with the clock in the test's hands.
@Suite struct CheckInRulesTests {
    let store: Store
    let rules: CentreRules
    let lan: Learner
    let hung: Learner
    /// 09:00 local time on a fixed day.
    let nine: Int64
    let hour: Int64

    init() throws {
        let made = try makeStore()
        let village = try made.saveGroup(.village, id: nil, body: Fields(["name": "Thôn Một"]), actor: nil)["id"]!.stringValue!
        func learner(_ name: String) throws -> Learner {
            var draft = LearnerDraft()
            draft.fullName = name; draft.gender = .other; draft.birthYear = 1960; draft.villageId = village
            return try made.createLearner(draft, confirmDistinct: true, actor: nil)
        }
        store = made
        rules = CentreRules()
        hour = 3_600_000
        lan = try learner("Nguyễn Thị Lan")
        hung = try learner("Lê Văn Hùng")
        nine = LocalDay.start(containing: Timestamps.parse("2026-03-10T12:00:00Z")!) + 9 * 3_600_000
    }

    func session(from start: Int64, hours: Double, credited: Double? = nil) throws -> Session {
        var fields: [String: JSONValue] = ["title": "Tin học", "category": "it",
                                           "startsAt": .string(Timestamps.iso(millis: start)),
                                           "endsAt": .string(Timestamps.iso(millis: start + Int64(hours * 3_600_000)))]
        if let credited { fields["creditedHours"] = .number(credited) }
        return try store.saveSession(id: nil, SessionDraft(Fields(fields), creating: true), actor: nil).0
    }

    func openCount(_ learner: Learner) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins WHERE learner_id = ? AND checked_out_at IS NULL", arguments: [learner.id])! }
    }

    @Test func theSameCheckInAgainIsTheSameRecord() throws {
        let s = try session(from: nine, hours: 2)
        let first = try store.checkIn(.id(lan.id), .session(s.id), now: nine + 60_000, rules: rules)
        let again = try store.checkIn(.card(lan.cardCode), .session(s.id), now: nine + 61_000, rules: rules)
        #expect(first.created)
        #expect(!again.created)
        #expect(again.checkIn.id == first.checkIn.id)
        #expect(try openCount(lan) == 1)
        #expect(first.hoursThisYear == 2)
    }

    @Test func checkingInElsewhereClosesTheVisitWithRoundedHours() throws {
        let s = try session(from: nine + hour, hours: 2)
        let visit = try store.checkIn(.id(lan.id), .purpose(.reading), now: nine, rules: rules)
        let lesson = try store.checkIn(.id(lan.id), .session(s.id), now: nine + 52 * 60_000, rules: rules)
        #expect(try openCount(lan) == 1)
        let closed = try store.read { db in try Store.fetchCheckIn(db, where: "c.id = ?", [visit.checkIn.id])! }
        #expect(closed.checkedOutAt == nine + 52 * 60_000)
        #expect(closed.creditedHours == 0.75)   // 52 minutes → 45 minutes
        #expect(!closed.autoClosed)
        #expect(lesson.hoursThisYear == 2.75)
    }

    @Test(arguments: [(7, 0.0), (8, 0.25), (37, 0.5), (52, 0.75), (60, 1.0), (600, 4.0)])
    func visitsAreRoundedToAQuarterAndCapped(_ minutes: Int, _ hours: Double) {
        #expect(rules.visitHours(from: 0, to: Int64(minutes) * 60_000) == hours)
    }

    @Test func visitsCloseByThemselvesAfterFourHours() throws {
        _ = try store.checkIn(.id(lan.id), .purpose(.selfStudy), now: nine, rules: rules)
        try store.autoCloseAll(now: nine + 3 * hour, rules: rules)
        #expect(try openCount(lan) == 1)
        try store.autoCloseAll(now: nine + 5 * hour, rules: rules)
        #expect(try openCount(lan) == 0)
        let closed = try store.checkInsToReview(since: 0, limit: 10).map(\.checkIn)
        #expect(closed.count == 1)
        #expect(closed[0].checkedOutAt == nine + 4 * hour)
        #expect(closed[0].creditedHours == 4)
    }

    @Test func sessionCheckInsCloseAtTheSessionEnd() throws {
        let s = try session(from: nine, hours: 1.5)
        _ = try store.checkIn(.id(lan.id), .session(s.id), now: nine + 5 * 60_000, rules: rules)
        // The next check-in of the learner, after the end, finds it closed by itself.
        let next = try store.checkIn(.id(lan.id), .purpose(.club), now: nine + 3 * hour, rules: rules)
        #expect(next.created)
        let closed = try store.attendance(sessionId: s.id).map(\.checkIn)
        #expect(closed.map(\.autoClosed) == [true])
        #expect(closed[0].checkedOutAt == nine + Int64(1.5 * 3_600_000))
        // A class check-in closed at the class's end credits the class: nothing for staff to review.
        #expect(try store.checkInsToReview(since: 0, limit: 10).isEmpty)
    }

    @Test func everythingClosesAtClosingTime() throws {
        let evening = nine + 11 * hour + 30 * 60_000  // 20:30
        _ = try store.checkIn(.id(lan.id), .purpose(.reading), now: evening, rules: rules)
        try store.autoCloseAll(now: evening + 2 * hour, rules: rules)
        let closed = try store.checkInsToReview(since: 0, limit: 10).map(\.checkIn)
        #expect(closed.count == 1)
        #expect(closed[0].checkedOutAt == nine + 12 * hour)  // 21:00
        #expect(closed[0].creditedHours == 0.5)
    }

    @Test func refusesArchivedLearnersAndUnknownOrReissuedCards() throws {
        _ = try store.setArchived(id: hung.id, true, actor: nil)
        let archived = #expect(throws: DomainError.self) { try store.checkIn(.id(hung.id), .purpose(.reading), now: nine, rules: rules) }
        #expect(archived?.code == "learner_archived")
        let unknown = #expect(throws: DomainError.self) { try store.checkIn(.card("LCNOPE2345"), .purpose(.reading), now: nine, rules: rules) }
        #expect(unknown?.code == "unknown_card")
        let reissued = try store.reissueCard(id: lan.id, actor: nil)
        #expect(reissued.cardCode != lan.cardCode)
        let old = #expect(throws: DomainError.self) { try store.checkIn(.card(lan.cardCode), .purpose(.reading), now: nine, rules: rules) }
        #expect(old?.code == "unknown_card")
        #expect(try store.checkIn(.card(reissued.cardCode.lowercased()), .purpose(.reading), now: nine, rules: rules).created)
    }

    @Test func refusesSessionsThatAreNotOpenToday() throws {
        let later = try session(from: nine + 3 * hour, hours: 1)
        let notYet = #expect(throws: DomainError.self) { try store.checkIn(.id(lan.id), .session(later.id), now: nine, rules: rules) }
        #expect(notYet?.code == "session_not_open")
        // Opens 30 minutes before its start.
        #expect(try store.checkIn(.id(lan.id), .session(later.id), now: nine + 2 * hour + 31 * 60_000, rules: rules).created)
        let ended = #expect(throws: DomainError.self) { try store.checkIn(.id(hung.id), .session(later.id), now: nine + 5 * hour, rules: rules) }
        #expect(ended?.code == "session_closed")
        let tomorrow = try session(from: nine + 24 * hour, hours: 1)
        let otherDay = #expect(throws: DomainError.self) { try store.checkIn(.id(hung.id), .session(tomorrow.id), now: nine, rules: rules) }
        #expect(otherDay?.code == "session_not_today")
        let cancelled = try session(from: nine, hours: 2)
        try store.write { db in try db.execute(sql: "UPDATE sessions SET state = 'cancelled' WHERE id = ?", arguments: [cancelled.id]) }
        let refused = #expect(throws: DomainError.self) { try store.checkIn(.id(hung.id), .session(cancelled.id), now: nine + 60_000, rules: rules) }
        #expect(refused?.code == "session_cancelled")
    }

    @Test func aCancelledSessionCreditsNothing() throws {
        let s = try session(from: nine, hours: 2)
        _ = try store.checkIn(.id(lan.id), .session(s.id), now: nine + 60_000, rules: rules)
        try store.write { db in try db.execute(sql: "UPDATE sessions SET state = 'cancelled' WHERE id = ?", arguments: [s.id]) }
        let hours = try store.read { db in try Store.hoursThisYear(db, learnerId: lan.id, now: nine) }
        #expect(hours == 0)
    }

    @Test func backToASessionCountsItsHoursOnce() throws {
        let s = try session(from: nine, hours: 2)
        _ = try store.checkIn(.id(lan.id), .session(s.id), now: nine, rules: rules)
        _ = try store.checkOut(.id(lan.id), now: nine + hour, rules: rules)
        let back = try store.checkIn(.id(lan.id), .session(s.id), now: nine + hour + 60_000, rules: rules)
        #expect(back.checkIn.checkedOutAt == nil)
        #expect(back.hoursThisYear == 2)
    }

    @Test func twoLearnersInTheSameSecond() throws {
        let s = try session(from: nine, hours: 2)
        let both = [lan.id, hung.id]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            _ = try? store.checkIn(.id(both[i]), .session(s.id), now: nine + 60_000, rules: rules)
        }
        #expect(try openCount(lan) == 1)
        #expect(try openCount(hung) == 1)
    }

    @Test func checkOutWithoutCheckInIsExplained() throws {
        let error = #expect(throws: DomainError.self) { try store.checkOut(.id(lan.id), now: nine, rules: rules) }
        #expect(error?.code == "not_checked_in")
    }
}
