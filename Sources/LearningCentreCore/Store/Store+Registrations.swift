import Foundation
import GRDB

extension Store {
    /// Stores a self-registration as pending. The village must exist.
    public func register(_ draft: RegistrationDraft) throws -> String {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM villages WHERE id = ?", arguments: [draft.villageId]) == true else {
                throw DomainError.invalid("villageId", "Xin chọn thôn trong danh sách.")
            }
            let id = RecordID.new()
            let now = Store.nowMillis()
            try db.execute(sql: """
                INSERT INTO registrations(id, full_name, birth_year, gender, village_id, phone, consent_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, draft.fullName, draft.birthYear, draft.gender, draft.villageId, draft.phone, now, now])
            return id
        }
    }

    /// Registrations with a status, oldest first, each with the learners it may duplicate.
    public func registrations(status: RegistrationStatus, limit: Int, offset: Int) throws -> Page<Registration> {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM registrations WHERE status = ? ORDER BY seq LIMIT ? OFFSET ?",
                             arguments: [status, limit + 1, offset]).map { row in
                var registration = Registration(row: row)
                registration.candidates = try Store.duplicateCandidates(db, fullName: registration.fullName, birthYear: registration.birthYear,
                                                                        phone: registration.phone, excluding: nil)
                if status == .pending {
                    let folded = NameFolding.fold(registration.fullName)
                    registration.samePending = try Row.fetchAll(db, sql: """
                        SELECT id, full_name FROM registrations WHERE status = 'pending' AND birth_year = ? AND id != ? ORDER BY seq
                        """, arguments: [registration.birthYear, registration.id])
                        .filter { NameFolding.fold($0["full_name"]) == folded }.map { $0["id"] }
                }
                return registration
            }
        }
        return Page(overfetched: rows, limit: limit, offset: offset)
    }

    /// Decides a pending registration: `approve` registers a new learner (staff add what the kiosk
    /// does not ask, such as gender), `merge` links it to an existing learner, `reject` closes it.
    public func decideRegistration(id: String, decision: String, learnerDraft: LearnerDraft?, mergeInto: String?, reason: String?,
                                   actor: AuthenticatedUser?) throws -> Registration {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM registrations WHERE id = ?", arguments: [id]) else {
                throw DomainError.notFound("lượt đăng ký này")
            }
            var registration = Registration(row: row)
            guard registration.status == .pending else {
                throw DomainError(.conflict, "already_decided", "Lượt đăng ký này đã được xử lý (\(registration.status)).")
            }
            var learnerId: String? = nil
            switch decision {
            case "approve":
                var draft = learnerDraft ?? LearnerDraft()
                draft.fullName = draft.fullName ?? registration.fullName
                draft.birthYear = draft.birthYear ?? registration.birthYear
                draft.gender = draft.gender ?? registration.gender
                draft.villageId = draft.villageId ?? registration.villageId
                if draft.phone == nil { draft.phone = .some(registration.phone) }
                draft.consentAt = .some(registration.consentAt)
                guard draft.gender != nil else { throw DomainError.invalid("gender", "Hãy chọn giới tính trước khi duyệt.") }
                if draft.category == nil { draft.category = .other }
                try Store.checkReferences(db, draft: draft, villageId: draft.villageId!)
                learnerId = try Store.insertLearner(db, draft, actor: actor).id
            case "merge":
                guard let target = mergeInto, let learner = try Store.fetchLearner(db, id: target) else {
                    throw DomainError.invalid("learnerId", "Hãy chọn người học đã có để gộp vào.")
                }
                if learner.phone == nil, let phone = registration.phone {
                    try db.execute(sql: "UPDATE learners SET phone = ?, updated_at = ? WHERE id = ?", arguments: [phone, Store.nowMillis(), target])
                    try Store.audit(db, actor: actor, entity: "learner", id: target, action: "update",
                                    changes: ["phone": [.null, .string(phone)]])
                }
                learnerId = target
            default:
                break
            }
            let status: RegistrationStatus = ["approve": .approved, "merge": .merged][decision] ?? .rejected
            try db.execute(sql: """
                UPDATE registrations SET status = ?, learner_id = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?
                """, arguments: [status, learnerId, actor?.username, Store.nowMillis(), reason, id])
            try Store.audit(db, actor: actor, entity: "registration", id: id, action: status.rawValue,
                            changes: learnerId.map { ["learnerId": [.null, .string($0)]] } ?? [:])
            registration.status = status
            registration.learnerId = learnerId
            return registration
        }
    }

    public func villageNames() throws -> [String: String] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT id, name FROM villages")).map {
                ($0[0] as String, $0[1] as String)
            })
        }
    }
}

/// A registration reads its own columns, by name (`SELECT *` from `registrations`).
extension Registration: FetchableRecord {
    public init(row: Row) {
        self.init(id: row["id"], fullName: row["full_name"], birthYear: row["birth_year"], gender: row["gender"], villageId: row["village_id"],
                  phone: row["phone"], consentAt: row["consent_at"], status: row["status"], learnerId: row["learner_id"],
                  createdAt: row["created_at"])
    }
}
