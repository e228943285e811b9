import Foundation
import GRDB

/// A clearly fictional commune ("xã Minh Họa") for trying the product and for benchmarks:
/// villages, households, clans, units and learners with Vietnamese names. The same seed gives
/// the same commune.
public struct DemoCommune {
    public var learnerCount = 300
    public var seed: UInt64 = 2022

    public init(learnerCount: Int = 300) { self.learnerCount = learnerCount }

    static let villages = ["Thôn Đồi Thông", "Thôn Suối Ngọc", "Thôn Bản Mẫu", "Thôn Khe Mơ", "Thôn Bến Gió",
                           "Thôn Làng Chè", "Thôn Pác Nặm", "Thôn Nà Hin"]
    static let families = ["Nguyễn", "Hoàng", "Nông", "Lương", "Vi", "Lộc", "Triệu", "Chu", "Hà", "Trần", "Lê", "Phạm",
                           "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Mạc"]
    static let middleMale = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Đình"]
    static let middleFemale = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Diệu", "Thùy", "Hồng"]
    static let givenMale = ["Hùng", "Dũng", "Tuấn", "Nam", "Bình", "Thắng", "Sơn", "Hải", "Quý", "Đức", "Cường", "Long",
                            "Phúc", "Toàn", "Khánh", "Đạt", "Hiếu", "Lâm", "Trung", "Vĩnh"]
    static let givenFemale = ["Lan", "Hương", "Mai", "Hoa", "Hạnh", "Đào", "Cúc", "Thủy", "Tâm", "Yến", "Liên", "Nga",
                              "Phượng", "Huệ", "Ánh", "Thảo", "Nhung", "Loan", "Quyên", "Dung"]

    /// Fills an empty database; refuses one that already has learners.
    public func fill(_ store: Store) throws -> (villages: Int, households: Int, learners: Int, sessions: Int, checkIns: Int) {
        var random = SplitMix(seed: seed)
        return try store.write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM learners") ?? 0 > 0 {
                throw DomainError(.conflict, "not_empty", "cơ sở dữ liệu đã có người học; lệnh demo chỉ điền vào cơ sở dữ liệu trống. Hãy dùng --data với một thư mục mới.")
            }
            let now = Store.nowMillis()
            func insertGroup(_ table: String, _ name: String, extra: [String: DatabaseValueConvertible] = [:]) throws -> String {
                let id = RecordID.new()
                var values: [String: DatabaseValueConvertible] = ["id": id, "name": name, "folded_name": NameFolding.fold(name),
                                                                  "created_at": now, "updated_at": now]
                values.merge(extra) { a, _ in a }
                let columns = values.keys.sorted()
                try db.execute(sql: "INSERT INTO \(table)(\(columns.joined(separator: ","))) VALUES (\(columns.map { _ in "?" }.joined(separator: ",")))",
                               arguments: StatementArguments(columns.map { values[$0]! }))
                return id
            }
            try db.execute(sql: "INSERT OR REPLACE INTO centre(key, value) VALUES ('commune', 'xã Minh Họa (dữ liệu minh họa, hư cấu)'), ('demo', 'true')")
            let villageIDs = try DemoCommune.villages.map { try insertGroup("villages", $0) }
            let clanIDs = try DemoCommune.families.map { try insertGroup("clans", "Họ \($0)") }
            let unitIDs = [
                try insertGroup("units", "Trường Tiểu học Minh Họa", extra: ["kind": "school"]),
                try insertGroup("units", "Trường Mầm non Minh Họa", extra: ["kind": "school"]),
                try insertGroup("units", "Trạm Y tế xã Minh Họa", extra: ["kind": "healthStation"]),
                try insertGroup("units", "UBND xã Minh Họa", extra: ["kind": "communeOffice"]),
            ]
            var households = 0, learners = 0
            let currentYear = Timestamps.currentYear()
            while learners < learnerCount {
                // One household: a head, a spouse, children and sometimes a grandparent.
                let village = random.pick(villageIDs.indices)
                let family = random.pick(DemoCommune.families.indices)
                let headBorn = currentYear - 25 - random.next(45)
                let head = name(DemoCommune.families[family], male: true, &random)
                let householdID = try insertGroup("households", head, extra: ["village_id": villageIDs[village],
                                                                              "address": "Xóm \(1 + random.next(6)), \(DemoCommune.villages[village])"])
                households += 1
                var members: [(String, Gender, Int, LearnerCategory)] = [(head, .male, headBorn, .worker)]
                members.append((name(DemoCommune.families[random.pick(DemoCommune.families.indices)], male: false, &random), .female,
                                headBorn + random.next(6) - 2, .worker))
                for _ in 0..<random.next(4) {
                    let male = random.next(2) == 0
                    let born = min(currentYear - 6, headBorn + 20 + random.next(15))
                    members.append((name(DemoCommune.families[family], male: male, &random), male ? .male : .female, born,
                                    currentYear - born < 19 ? .student : .worker))
                }
                if random.next(4) == 0 {
                    members.append((name(DemoCommune.families[family], male: random.next(2) == 0, &random), .female, headBorn - 25 - random.next(8), .elderly))
                }
                for (fullName, gender, born, category) in members where learners < learnerCount {
                    var draft = LearnerDraft()
                    draft.fullName = fullName
                    draft.gender = gender
                    draft.birthYear = born
                    draft.villageId = villageIDs[village]
                    draft.householdId = .some(householdID)
                    draft.clanId = .some(clanIDs[family])
                    draft.category = random.next(12) == 0 && category == .worker ? .official : category
                    if draft.category == .official { draft.unitId = .some(unitIDs[random.pick(unitIDs.indices)]) }
                    draft.isAssociationOfficer = random.next(40) == 0
                    draft.isAssociationMember = learners % 9 == 4  // drawn without the generator: the rest stays as it was
                    draft.consentAt = .some(now)
                    draft.notes = .some("Dữ liệu minh họa")
                    // On the register since before the demo's year of activity (and through last year).
                    draft.registeredOn = Day(millis: now).adding(days: -400)
                    _ = try Store.insertLearner(db, draft, actor: nil)
                    learners += 1
                }
            }
            let attendance = try addYearOfActivity(db, now: now, random: &random)
            try addAssessmentsAndFacts(db, now: now, random: &random)
            try addAssociationActivities(db, now: now)
            return (villageIDs.count, households, learners, attendance.sessions, attendance.checkIns)
        }
    }

    /// A year of weekly classes with their attendance, daily library and club visits, and one
    /// class open right now so that the kiosk has something to check in to.
    private func addYearOfActivity(_ db: Database, now: Int64, random: inout SplitMix) throws -> (sessions: Int, checkIns: Int) {
        let adults = try String.fetchAll(db, sql: "SELECT id FROM learners WHERE category <> 'student' ORDER BY seq")
        guard !adults.isEmpty else { return (0, 0) }
        let today = LocalDay.start(containing: now)
        let hour: Int64 = 3_600_000
        let weekly: [(String, String, Int, Int64, Int64)] = [
            ("Tin học cơ bản: dùng điện thoại thông minh", "it", 1, 8, 10),
            ("Kỹ thuật trồng và chăm sóc cây ăn quả", "agriculture", 3, 14, 16),
            ("Tìm hiểu pháp luật và chăm sóc sức khỏe", "law", 5, 8, 10),
        ]
        var sessions = 0, checkIns = 0
        // Each weekly class is a series, as the manager would have planned it (at most 52 a series).
        var series = weekly.map { _ in (id: RecordID.new(), count: 0) }
        func session(_ title: String, _ category: String, start: Int64, end: Int64, slot: Int? = nil) throws -> String {
            let id = RecordID.new()
            var seriesId: String?
            if let slot {
                if series[slot].count == Store.maxSeriesCount { series[slot] = (RecordID.new(), 0) }
                series[slot].count += 1
                seriesId = series[slot].id
            }
            try db.execute(sql: """
                INSERT INTO sessions(id, title, category, place, starts_at, ends_at, credited_hours, state, series_id, created_at, updated_at)
                VALUES (?, ?, ?, 'Hội trường nhà văn hóa', ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, title, category, start, end, Double(end - start) / Double(hour), end < now ? SessionState.closed : .scheduled,
                                 seriesId, now, now])
            sessions += 1
            return id
        }
        func checkIn(_ learner: String, session: String?, purpose: String?, start: Int64, end: Int64, hours: Double) throws {
            try CheckInIDs.insertRow(db, learnerId: learner, sessionId: session, purpose: purpose.flatMap(VisitPurpose.init(rawValue:)),
                                     checkedInAt: start, checkedOutAt: end, visitHours: hours)
            checkIns += 1
        }
        for day in stride(from: Int64(365), through: 1, by: -1) {
            let dayStart = today - day * 24 * hour
            let weekday = Int((dayStart / (24 * hour) + 3) % 7)  // 0 = Monday
            for (slot, (title, category, onDay, from, to)) in weekly.enumerated() where weekday == onDay {
                let id = try session(title, category, start: dayStart + from * hour, end: dayStart + to * hour, slot: slot)
                var seen = Set<String>()
                for _ in 0..<(8 + random.next(14)) {
                    let learner = adults[random.next(adults.count)]
                    guard seen.insert(learner).inserted else { continue }
                    try checkIn(learner, session: id, purpose: nil, start: dayStart + from * hour - Int64(random.next(20)) * 60_000,
                                end: dayStart + to * hour, hours: 0)
                }
            }
            for _ in 0..<random.next(4) {
                let minutes = 30 + random.next(150)
                let start = dayStart + 15 * hour + Int64(random.next(120)) * 60_000
                try checkIn(adults[random.next(adults.count)], session: nil, purpose: VisitPurpose.codes[random.next(3)],
                            start: start, end: start + Int64(minutes) * 60_000, hours: CentreRules().visitHours(from: 0, to: Int64(minutes) * 60_000))
            }
        }
        _ = try session("Câu lạc bộ đọc sách (buổi hôm nay)", "culture", start: now - hour / 2, end: now + 2 * hour)
        return (sessions, checkIns)
    }

    /// What the village branches assessed this year, plans, digital skills, and the yes/no facts
    /// of households, clans and villages, so that scores and titles have something to show.
    private func addAssessmentsAndFacts(_ db: Database, now: Int64, random: inout SplitMix) throws {
        let year = LocalDay.year(of: now)
        let by = "chi hội (minh họa)"
        for id in try String.fetchAll(db, sql: "SELECT id FROM learners WHERE category <> 'student' ORDER BY seq") {
            if random.next(10) < 7 {
                for code in ["1.1", "1.4", "2.2", "2.3", "2.4", "3.1", "3.2"] {
                    try db.execute(sql: """
                        INSERT INTO assessments(learner_id, year, code, points, note, assessed_by, assessed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [id, year, code, 6 + random.next(5), "Họp chi hội thôn", by, now])
                }
            }
            if random.next(2) == 0 {
                try db.execute(sql: """
                    INSERT INTO learning_plans(learner_id, year, goals, categories, target_hours, updated_by, updated_at)
                    VALUES (?, ?, 'Dùng điện thoại thông minh, đọc sách cùng con cháu', 'it,culture', 30, ?, ?)
                    """, arguments: [id, year, by, now])
            }
            let skill = random.next(20)
            if skill < 11 {
                try db.execute(sql: "INSERT INTO digital_skills(learner_id, year, level, assessed_by, assessed_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, year, skill < 3 ? "proficient" : skill < 9 ? "basic" : "none", by, now])
            }
        }
        func facts(_ kind: String, _ table: String, _ fact: String, percent: Int) throws {
            for id in try String.fetchAll(db, sql: "SELECT id FROM \(table) ORDER BY rowid") where random.next(100) < percent {
                try db.execute(sql: """
                    INSERT INTO group_facts(kind, group_id, year, fact, value, recorded_by, recorded_at) VALUES (?, ?, ?, ?, 1, ?, ?)
                    """, arguments: [kind, id, year, fact, by, now])
            }
        }
        try facts("household", "households", "childrenAtSchool", percent: 85)
        try facts("clan", "clans", "studyFund", percent: 60)
        try facts("village", "villages", "promotionBranch", percent: 75)
    }

    /// The association's year: each village's officers and members briefed (all but every fifth,
    /// so T10 has something left to do), publicity, funds raised, awards.
    private func addAssociationActivities(_ db: Database, now: Int64) throws {
        let today = Day(millis: now)
        let day = max(Day.firstOfYear(today.year).adding(days: 1), today.adding(days: -45))
        func activity(_ kind: ActivityKind, _ title: String, people: [String] = [], amount: Int64? = nil, village: String? = nil) throws {
            try Store.putActivity(db, Activity(id: RecordID.new(), kind: kind, date: min(day, today), title: title,
                                               participantIds: people, amount: amount, villageId: village, unitId: nil,
                                               notes: "Dữ liệu minh họa", createdAt: now, updatedAt: now))
        }
        for village in try Row.fetchAll(db, sql: "SELECT id, name FROM villages ORDER BY rowid") {
            let people = try String.fetchAll(db, sql: """
                SELECT id FROM learners WHERE village_id = ? AND (is_association_officer = 1 OR is_association_member = 1) ORDER BY seq
                """, arguments: [village["id"]])
            try activity(.briefing, "Học tập, quán triệt Kế hoạch xây dựng xã hội học tập (\(village["name"] as String))",
                         people: people.enumerated().filter { $0.offset % 5 != 4 }.map(\.element), village: village["id"])
        }
        try activity(.publicity, "Tuyên truyền trên loa truyền thanh xã")
        try activity(.fundraising, "Vận động ủng hộ Quỹ khuyến học", amount: 18_500_000)
        try activity(.award, "Khen thưởng gia đình học tập tiêu biểu", amount: 3_000_000)
    }

    private func name(_ family: String, male: Bool, _ random: inout SplitMix) -> String {
        let middle = male ? DemoCommune.middleMale : DemoCommune.middleFemale
        let given = male ? DemoCommune.givenMale : DemoCommune.givenFemale
        return "\(family) \(middle[random.pick(middle.indices)]) \(given[random.pick(given.indices)])"
    }
}

/// A small seeded generator: the demo commune is the same on every machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(nextRaw() % UInt64(max(bound, 1))) }
    mutating func pick(_ range: Range<Int>) -> Int { range.lowerBound + next(range.count) }
}
