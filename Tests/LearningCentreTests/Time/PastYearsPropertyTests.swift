import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// A random commune over three years, with moves, corrections and archivals along the way: for
/// each past year, any change dated after it leaves every one of its figures unchanged; and the
/// association, from the centre's bundle, computes every year to the same figures.
@Suite struct PastYearsPropertyTests {
    /// A small deterministic generator: the same seed builds the same commune.
    struct Dice {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick<T>(_ list: [T]) -> T { list[next(list.count)] }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    let year = LocalDay.year(of: Store.nowMillis())

    final class Commune {
        let centre: TestCentre
        let manager: TestCentre.Login
        var dice: Dice
        var villages: [String] = []
        var households: [String: [String]] = [:]  // village → households
        var clans: [String] = []
        var units: [String] = []
        var learners: [(id: String, village: String, registered: Day)] = []
        var sessions: [Int: [String]] = [:]  // year → sessions

        init(seed: UInt64) throws {
            centre = try TestCentre()
            manager = try centre.login()
            dice = Dice(state: seed)
        }

        func create(_ path: String, _ body: [String: Any]) throws -> String { try centre.create(path, body, login: manager) }

        func send(_ method: String, _ path: String, _ body: [String: Any]) {
            let r = centre.send(method, path, json: body, login: manager)
            #expect(r.status < 300, "\(method) \(path) \(body): \(r.status) \(r.bodyText)")
        }

        /// A random day of `year` up to today.
        func day(in year: Int, after: Day? = nil) -> Day {
            let first = max(Day.firstOfYear(year), after.map { $0.adding(days: 1) } ?? Day.firstOfYear(year))
            let last = min(Day.lastOfYear(year), Day.today())
            guard first < last else { return first }
            return first.adding(days: dice.next(Int(last.ordinal - first.ordinal) + 1))
        }

        func register(in year: Int) throws {
            let village = dice.pick(villages)
            var body: [String: Any] = ["fullName": "Người Số \(learners.count + 1)", "gender": dice.pick(["male", "female"]),
                                       "birthYear": 1950 + dice.next(50), "villageId": village, "confirmDistinct": true,
                                       "category": dice.pick(["worker", "official", "elderly", "other"]),
                                       "isAssociationOfficer": dice.chance(20), "registeredOn": day(in: year).text]
            if dice.chance(85) { body["householdId"] = dice.pick(households[village]!) }
            if dice.chance(60) { body["clanId"] = dice.pick(clans) }
            if dice.chance(30) { body["unitId"] = dice.pick(units) }
            let id = try create("/api/learners", body)
            learners.append((id, village, Day(body["registeredOn"] as! String)!))
        }

        /// Records of `year`: classes with attendance, assessments, plans, skills and group facts.
        func records(of year: Int) throws {
            for k in 0..<3 {
                let start = day(in: year)
                guard start <= Day.today() else { continue }
                let id = try create("/api/sessions", ["title": "Lớp \(year)-\(k)", "category": dice.pick(["it", "agriculture", "health", "law"]),
                                                      "startsAt": "\(start.text)T08:00:00+07:00", "endsAt": "\(start.text)T\(10 + dice.next(3)):00:00+07:00"])
                sessions[year, default: []].append(id)
                // Those not archived on the day of the class.
                let present = learners.filter { _ in dice.chance(60) }.map(\.id).filter { id in
                    let history = centre.send("GET", "/api/learners/\(id)/memberships", login: manager).json["items"]?.arrayValue ?? []
                    return !history.contains { $0["archived"] == true && ($0["from"]?.stringValue ?? "") <= start.text
                        && ($0["to"]?.stringValue ?? "9999") >= start.text }
                }
                send("PUT", "/api/sessions/\(id)/attendance", ["learnerIds": present])
            }
            for learner in learners where dice.chance(70) {
                let items = ["1.1", "1.2", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"].map { ["code": $0, "points": 5 + dice.next(6)] as [String: Any] }
                send("PUT", "/api/learners/\(learner.id)/assessments/\(year)", ["indicators": items])
                if dice.chance(50) { send("PUT", "/api/learners/\(learner.id)/digital-skills/\(year)", ["level": dice.pick(["basic", "proficient"])]) }
            }
            for village in villages {
                send("PUT", "/api/villages/\(village)/facts/\(year)", ["promotionBranch": dice.chance(70)])
                for household in households[village]! { send("PUT", "/api/households/\(household)/facts/\(year)", ["childrenAtSchool": dice.chance(80)]) }
            }
            for clan in clans { send("PUT", "/api/clans/\(clan)/facts/\(year)", ["studyFund": dice.chance(60)]) }
        }

        /// A random change dated in `year` (after `after`): a move of some group or flag, or an archival.
        func change(in year: Int, after: Day? = nil) {
            let learner = dice.pick(learners)
            let from = day(in: year, after: max(after ?? learner.registered, learner.registered))
            guard from <= Day.today(), from >= learner.registered else { return }
            var body: [String: Any] = ["effectiveFrom": from.text]
            switch dice.next(5) {
            case 0: body["householdId"] = dice.pick(households[learner.village]!)
            case 1: body["clanId"] = dice.pick(clans)
            case 2: body["unitId"] = dice.chance(50) ? dice.pick(units) : NSNull()
            case 3: body["category"] = dice.pick(["worker", "official", "elderly"]); body["isAssociationOfficer"] = dice.chance(30)
            default:
                send("POST", "/api/learners/\(learner.id)/\(dice.chance(70) ? "archive" : "unarchive")", ["effectiveFrom": from.text])
                return
            }
            send("PATCH", "/api/learners/\(learner.id)", body)
        }

        func figures(_ year: Int) -> [String: String] {
            var out: [String: String] = [:]
            for path in ["/api/reports/indicators", "/api/titles", "/api/reports/dashboard", "/api/scores"] {
                out[path] = centre.send("GET", "\(path)?year=\(year)&limit=500", login: manager).bodyText
            }
            return out
        }
    }

    @Test(arguments: [11, 2026, 424_242] as [UInt64])
    func changesDatedAfterAYearLeaveItsFiguresUnchanged(seed: UInt64) throws {
        let c = try Commune(seed: seed)
        let (first, middle) = (year - 2, year - 1)
        for v in 1...3 {
            let village = try c.create("/api/villages", ["name": "Thôn \(v)"])
            c.villages.append(village)
            c.households[village] = try (1...2).map { try c.create("/api/households", ["name": "Hộ \(v)-\($0)", "villageId": village]) }
        }
        c.clans = try (1...2).map { try c.create("/api/clans", ["name": "Họ \($0)"]) }
        c.units = [try c.create("/api/units", ["name": "Trường", "kind": "school"]), try c.create("/api/units", ["name": "Trạm y tế", "kind": "healthStation"])]
        for _ in 0..<16 { try c.register(in: first) }
        try c.records(of: first)
        for _ in 0..<8 { c.change(in: first) }
        let firstFigures = c.figures(first)
        #expect((try JSONValue.parse(Array(firstFigures["/api/reports/dashboard"]!.utf8)))["learners"]?.numberValue ?? 0 > 0)

        // The next year: newcomers, records, moves and archivals, all dated after the first year.
        for _ in 0..<6 { try c.register(in: middle) }
        try c.records(of: middle)
        for _ in 0..<10 { c.change(in: middle) }
        #expect(c.figures(first) == firstFigures)
        let middleFigures = c.figures(middle)

        // This year too: neither past year moves.
        for _ in 0..<4 { try c.register(in: year) }
        for _ in 0..<10 { c.change(in: year) }
        #expect(c.figures(first) == firstFigures)
        #expect(c.figures(middle) == middleFigures)

        // The association computes both past years to the same figures from the centre's bundle.
        try c.centre.store.exportForTest(full: true)
        let association = try makeAssociation(registering: [c.centre.store])
        let outcomes = try association.receiveBundles(try FileManager.default.contentsOfDirectory(atPath: c.centre.store.outboxForTests)
            .filter { $0.hasSuffix(".tar.gz") }.map { c.centre.store.outboxForTests + "/" + $0 })
        #expect(outcomes.allSatisfy { $0.kind == .applied }, "\(outcomes.map(\.message))")
        for past in [first, middle] {
            let here = Targets.compute(try c.centre.store.yearResults(year: past)).map { "\($0.code) \($0.numerator)/\($0.denominator)" }
            let there = Targets.compute(try association.yearResults(year: past)).map { "\($0.code) \($0.numerator)/\($0.denominator)" }
            #expect(here == there, "year \(past)")
            #expect(try c.centre.store.ownTotals(year: past).learners == (try association.yearResults(year: past)).facts.count)
        }
    }
}
