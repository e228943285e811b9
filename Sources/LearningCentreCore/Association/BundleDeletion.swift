import Foundation

/// A record a centre deleted, as `deletions.csv` names it (the entity and its key as a JSON array).
enum BundleDeletion {
    case assessment(learnerId: String, year: Int, code: String)
    case groupFact(kind: String, groupId: String, year: Int, fact: String)
    case yearClosure(year: Int)
    case membership(learnerId: String, fromDay: String)

    init(entity: String, key: String) throws {
        guard let parts = try? JSONSerialization.jsonObject(with: Data(key.utf8)) as? [Any] else {
            throw BundleRefused("tệp deletions.csv có khóa không đọc được: \(key.prefix(60))")
        }
        let values = parts.map { "\($0)" }
        func year(_ text: String) throws -> Int {
            guard let year = Int(text) else { throw BundleRefused("tệp deletions.csv có năm không hợp lệ: \(text.prefix(20))") }
            return year
        }
        switch (entity, values.count) {
        case ("assessments", 3): self = .assessment(learnerId: values[0], year: try year(values[1]), code: values[2])
        case ("group_facts", 4): self = .groupFact(kind: values[0], groupId: values[1], year: try year(values[2]), fact: values[3])
        case ("year_closures", 1): self = .yearClosure(year: try year(values[0]))
        case ("memberships", 2): self = .membership(learnerId: values[0], fromDay: values[1])
        default: throw BundleRefused("tệp deletions.csv xóa loại bản ghi không biết: \(entity)")
        }
    }
}
