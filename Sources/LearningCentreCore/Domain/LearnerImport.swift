import Foundation
import GRDB

/// Bulk registration from a CSV file with a header row. Columns are named as in the API
/// (`fullName`, `birthYear`, …) or in Vietnamese ("Họ và tên", "Năm sinh", …); villages,
/// households, clans and units by name or id. All or nothing unless `skipBad`: a file with a
/// bad line writes nothing and names every bad line. Likely duplicates are not created but listed.
public struct LearnerImport {
    let store: Store
    let pace: Pace

    /// How an import shares the file with other writers.
    public enum Pace: Sendable {
        /// Inside the daemon: transactions of about 20 ms, so that a kiosk check-in queued
        /// behind one waits little; the daemon's own writes go first between them.
        case inDaemon
        /// The command line while the daemon runs: the same short transactions, each copied from
        /// the log into the file at once (by the import, not by the daemon's next check-in) and
        /// followed by a pause as long, so that the daemon's writes get the file in between.
        case besideDaemon
        /// The command line with no daemon: nobody waits, so transactions of about half a
        /// second (each page of the learners' indexes is written once per transaction, not once
        /// per 40 lines: a 50,000-line file wrote 1.6 GB of log in 20 ms transactions).
        case alone

        var chunkNanoseconds: UInt64 { self == .alone ? 500_000_000 : 20_000_000 }
        var pauseMicroseconds: UInt32 { self == .besideDaemon ? 20_000 : 1_000 }
    }

    public init(store: Store, pace: Pace = .inDaemon) {
        self.store = store
        self.pace = pace
    }

    public struct Rejected: Codable, Sendable { public var line: Int; public var field: String?; public var message: String }
    public struct Duplicate: Codable, Sendable { public var line: Int; public var fullName: String; public var candidateIds: [String] }

    public struct Report: Codable, Sendable {
        public var committed: Bool
        public var created: Int
        public var createdIds: [String]
        public var duplicates: [Duplicate]
        public var rejected: [Rejected]

        /// One paragraph for a person: what happened and what to do; `skipBad` names the way to
        /// skip bad lines where they read it (the command line's flag, the page's box).
        public func summary(skipBad: String) -> String {
            var parts: [String] = []
            if committed {
                parts.append("Đã thêm \(created) người học.")
            } else {
                parts.append("Chưa thêm ai vì tệp có \(rejected.count) dòng lỗi. Hãy sửa các dòng dưới đây rồi nhập lại, hoặc \(skipBad) để bỏ qua chúng.")
            }
            if !duplicates.isEmpty {
                parts.append(committed ? "\(duplicates.count) dòng có thể trùng người đã có nên không thêm."
                                       : "\(duplicates.count) dòng có thể trùng người đã có: khi nhập, các dòng này sẽ không được thêm.")
            }
            if committed && !rejected.isEmpty { parts.append("Bỏ qua \(rejected.count) dòng lỗi.") }
            return parts.joined(separator: " ")
        }

        package var jsonValue: JSONValue { (try? JSONValue.parse(Array(JSONCoding.encoder.encode(self)))) ?? .null }
    }

    /// Header names (folded) and the field each one fills.
    static let headers: [String: String] = [
        "fullname": "fullName", "ho va ten": "fullName", "ho ten": "fullName", "ten": "fullName",
        "gender": "gender", "gioi tinh": "gender",
        "birthyear": "birthYear", "nam sinh": "birthYear",
        "birthdate": "birthDate", "ngay sinh": "birthDate",
        "village": "village", "villageid": "village", "thon": "village", "thon ban": "village",
        "household": "household", "householdid": "household", "ho gia dinh": "household", "ho": "household",
        "clan": "clan", "clanid": "clan", "dong ho": "clan",
        "unit": "unit", "unitid": "unit", "don vi": "unit",
        "category": "category", "nhom": "category", "doi tuong": "category",
        "targetgroup": "targetGroup", "nhom danh gia": "targetGroup",
        "isassociationofficer": "isAssociationOfficer", "can bo khuyen hoc": "isAssociationOfficer",
        "phone": "phone", "dien thoai": "phone", "so dien thoai": "phone",
        "notes": "notes", "ghi chu": "notes",
    ]

    static let genderWords: [String: String] = ["male": "male", "nam": "male", "female": "female", "nu": "female",
                                                "other": "other", "khac": "other"]
    static let categoryWords: [String: String] = [
        "worker": "worker", "nguoi lao dong": "worker", "lao dong": "worker", "official": "official", "can bo": "official",
        "cong chuc": "official", "student": "student", "hoc sinh": "student", "elderly": "elderly", "nguoi cao tuoi": "elderly",
        "other": "other", "khac": "other",
    ]

    public func run(csv bytes: [UInt8], skipBad: Bool, actor: AuthenticatedUser?) throws -> Report {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw DomainError(.invalid, "not_utf8", "Tệp không phải UTF-8. Trong Excel hãy chọn \"Lưu dưới dạng\" → \"CSV UTF-8\".")
        }
        var records = CSV.parse(text)
        guard !records.isEmpty else { throw DomainError(.invalid, "empty_file", "Tệp trống: cần một dòng tiêu đề và ít nhất một người học.") }
        let header = records.removeFirst()
        var columns: [String?] = []
        for name in header.fields {
            let folded = NameFolding.fold(name)
            if folded.isEmpty { columns.append(nil); continue }
            guard let field = LearnerImport.headers[folded] ?? LearnerImport.headers[folded.replacingOccurrences(of: " ", with: "")] else {
                throw DomainError(.invalid, "unknown_column", "Cột \"\(name.prefix(40))\" không được hỗ trợ. Các cột dùng được: fullName (Họ và tên), gender (Giới tính), birthYear (Năm sinh), village (Thôn), household, clan, unit, category, phone, notes.")
            }
            columns.append(field)
        }
        for required in ["fullName", "birthYear", "village", "gender"] where !columns.contains(required) {
            throw DomainError(.invalid, "missing_column", "Thiếu cột \"\(required)\" trong dòng tiêu đề.")
        }
        let lookup = try GroupLookup(store: store)
        var rejected: [Rejected] = []
        var drafts: [(line: Int, draft: LearnerDraft)] = []
        for record in records {
            do {
                var fields: [String: JSONValue] = [:]
                for (index, value) in record.fields.enumerated() where index < columns.count {
                    guard let column = columns[index] else { continue }
                    let trimmed = value.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { continue }
                    fields.merge(try convert(column, trimmed, lookup: lookup, villageText: villageText(record, columns)),
                                 uniquingKeysWith: { _, b in b })
                }
                drafts.append((record.line, try LearnerDraft(Fields(fields), creating: true)))
            } catch let error as DomainError {
                // Every bad field of the line, each with its own message.
                let each = error.details["errors"]?.arrayValue?.compactMap { item -> (String?, String)? in
                    item["message"]?.stringValue.map { (item["field"]?.stringValue, $0) }
                } ?? [(error.field, error.message)]
                for (field, message) in each {
                    rejected.append(Rejected(line: record.line, field: LearnerImport.columnName(field), message: message))
                }
            }
        }
        if !rejected.isEmpty && !skipBad {
            // Nothing written; the likely duplicates are still named, so that one fix does it all.
            let duplicates = try store.read { db in
                try drafts.compactMap { line, draft -> Duplicate? in
                    let candidates = try Store.duplicateCandidates(db, fullName: draft.fullName!, birthYear: draft.birthYear!,
                                                                   phone: draft.phone ?? nil, excluding: nil)
                    return candidates.isEmpty ? nil : Duplicate(line: line, fullName: draft.fullName!, candidateIds: candidates.map(\.id))
                }
            }
            return Report(committed: false, created: 0, createdIds: [], duplicates: duplicates, rejected: rejected)
        }
        // Written in transactions of a bounded length (see `Pace`), so that a kiosk check-in never
        // waits long behind a big file. Every line was checked above; a power cut part-way leaves the
        // lines written so far, and the same file imported again adds only the rest (the others
        // are then likely duplicates). Written in the order of the learners' lists, with card codes
        // drawn at random beforehand and given out in ascending order (ids are time-ordered
        // already): each transaction then adds to a few neighbouring pages of most indexes instead
        // of one page of each per line (a third of the pages written). The same name twice keeps
        // the order of the file.
        drafts = drafts.map { (FoldedName($0.draft.fullName!).sortKey.prefix { $0 != "\u{1}" }, $0) }
            .sorted { ($0.0, $0.1.line) < ($1.0, $1.1.line) }.map(\.1)
        var keys = LearnerKeys(count: drafts.count)
        var duplicates: [Duplicate] = []
        var ids: [String] = []
        var seen: [String: String] = [:]
        var next = drafts.startIndex
        while next < drafts.endIndex {
            if next > drafts.startIndex {
                // Writes that waited for this transaction go first, in a commit of their own.
                usleep(pace.pauseMicroseconds)
            }
            next = try store.write { db in
                let started = DispatchTime.now().uptimeNanoseconds
                var index = next
                while index < drafts.endIndex && DispatchTime.now().uptimeNanoseconds - started < pace.chunkNanoseconds {
                    let (line, draft) = drafts[index]
                    index += 1
                    try Store.checkReferences(db, draft: draft, villageId: draft.villageId!)
                    let candidates = try Store.duplicateCandidates(db, fullName: draft.fullName!, birthYear: draft.birthYear!,
                                                                   phone: draft.phone ?? nil, excluding: nil)
                    let key = NameFolding.fold(draft.fullName!) + "|\(draft.birthYear!)"
                    if !candidates.isEmpty {
                        duplicates.append(Duplicate(line: line, fullName: draft.fullName!, candidateIds: candidates.map(\.id)))
                        continue
                    }
                    if let earlier = seen[key] {
                        duplicates.append(Duplicate(line: line, fullName: draft.fullName!, candidateIds: [earlier]))
                        continue
                    }
                    let learner = try Store.insertLearner(db, draft, actor: actor, keys: keys.next())
                    seen[key] = learner.id
                    ids.append(learner.id)
                }
                return index
            }
            if pace == .besideDaemon { try store.copyLogIntoFile() }
        }
        duplicates.sort { $0.line < $1.line }
        return Report(committed: true, created: ids.count, createdIds: ids, duplicates: duplicates, rejected: rejected)
    }

    private func villageText(_ record: CSV.Record, _ columns: [String?]) -> String? {
        columns.firstIndex(of: "village").flatMap { $0 < record.fields.count ? record.fields[$0] : nil }
    }

    /// A CSV cell as the JSON field(s) the API would take.
    private func convert(_ column: String, _ value: String, lookup: GroupLookup, villageText: String?) throws -> [String: JSONValue] {
        switch column {
        case "birthYear":
            guard let year = Int(value) else { throw DomainError.invalid("birthYear", "Năm sinh \"\(value.prefix(20))\" phải là số, ví dụ 1958.") }
            return ["birthYear": .number(Double(year))]
        case "birthDate":
            // Also accept the Vietnamese way of writing dates, 21/03/1958.
            let parts = value.split(separator: "/")
            if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) {
                return ["birthDate": .string(String(format: "%04d-%02d-%02d", y, m, d))]
            }
            return ["birthDate": .string(value)]
        case "gender":
            guard let g = LearnerImport.genderWords[NameFolding.fold(value)] else {
                throw DomainError.invalid("gender", "Giới tính \"\(value.prefix(20))\" không rõ: ghi Nam, Nữ hoặc Khác.")
            }
            return ["gender": .string(g)]
        case "category":
            guard let c = LearnerImport.categoryWords[NameFolding.fold(value)] else {
                throw DomainError.invalid("category", "Nhóm \"\(value.prefix(30))\" không rõ: ghi người lao động, cán bộ, học sinh, người cao tuổi hoặc khác.")
            }
            return ["category": .string(c)]
        case "isAssociationOfficer":
            return ["isAssociationOfficer": .bool(["co", "x", "1", "true", "yes"].contains(NameFolding.fold(value)))]
        case "village":
            return ["villageId": .string(try lookup.find(.village, value, field: "villageId"))]
        case "household":
            let village = try villageText.map { try lookup.find(.village, $0, field: "villageId") }
            return ["householdId": .string(try lookup.find(.household, value, field: "householdId", villageId: village))]
        case "clan":
            return ["clanId": .string(try lookup.find(.clan, value, field: "clanId"))]
        case "unit":
            return ["unitId": .string(try lookup.find(.unit, value, field: "unitId"))]
        default:
            return [column: .string(value)]
        }
    }

    static func columnName(_ field: String?) -> String? {
        switch field {
        case "villageId": return "village"
        case "householdId": return "household"
        case "clanId": return "clan"
        case "unitId": return "unit"
        default: return field
        }
    }
}

/// Card codes for a batch of new learners, random as one by one, given out in ascending order
/// (a card code taken meanwhile is replaced at insert); ids as they come (`RecordID`: ascending).
struct LearnerKeys {
    private var cardCodes: [String]

    init(count: Int) {
        cardCodes = Array(Set((0..<count).map { _ in Store.randomCardCode() })).sorted(by: >)
    }

    mutating func next() -> (id: String, cardCode: String) {
        (RecordID.new(), cardCodes.popLast() ?? Store.randomCardCode())
    }
}

/// Villages, households, clans and units by id or by folded name, read once per import.
struct GroupLookup {
    private var byID: [String: Set<String>] = [:]
    private var byName: [String: [(id: String, villageId: String?)]] = [:]

    init(store: Store) throws {
        try store.read { db in
            for kind in GroupKind.all {
                let hasVillage = kind.fields.contains { $0.json == "villageId" }
                let rows = try Row.fetchAll(db, sql: "SELECT id, folded_name\(hasVillage ? ", village_id" : "") FROM \(kind.plural)")
                for row in rows {
                    byID[kind.plural, default: []].insert(row["id"])
                    byName[kind.plural + "|" + (row["folded_name"] as String), default: []]
                        .append((row["id"], hasVillage ? row["village_id"] : nil))
                }
            }
        }
    }

    func find(_ kind: GroupKind, _ text: String, field: String, villageId: String? = nil) throws -> String {
        if byID[kind.plural]?.contains(text) == true { return text }
        var matches = byName[kind.plural + "|" + NameFolding.fold(text)] ?? []
        if let villageId { matches = matches.filter { $0.villageId == villageId } }
        if matches.count == 1 { return matches[0].id }
        if matches.isEmpty { throw DomainError.invalid(field, "Không có \(kind.label) \"\(text.prefix(60))\". Hãy thêm \(kind.label) này trước, hoặc sửa lại tên.") }
        throw DomainError.invalid(field, "Có \(matches.count) \(kind.label) cùng tên \"\(text.prefix(60))\". Hãy ghi mã (id) thay cho tên.")
    }
}
