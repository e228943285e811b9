import Foundation
import GRDB

/// One page of a list, with the cursor of the next page or nil.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: String?

    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }

    public func map<T>(_ transform: (Item) throws -> T) rethrows -> Page<T> { Page<T>(items: try items.map(transform), next: next) }
}

extension Page {
    /// A page from `limit + 1` rows read at `offset`: the extra row only tells that a next page exists.
    package init(overfetched rows: [Item], limit: Int, offset: Int) {
        self.init(items: Array(rows.prefix(limit)), next: rows.count > limit ? Cursor.encode(offset: offset + limit) : nil)
    }
}

extension Page: Encodable where Item: Encodable {
    enum CodingKeys: String, CodingKey { case items, next }

    /// `next` is always present: a cursor, or null on the last page.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(next, forKey: .next)
    }
}

public struct LearnerQuery: Sendable {
    public var text: String = ""
    public var villageId: String?
    public var householdId: String?
    public var archived = false
    /// Only the association's officers and members (to brief a village's at once).
    public var association = false
    public var limit = 50
    public var offset = 0
    public init() {}
}

extension Store {
    static func fetchLearner(_ db: Database, id: String) throws -> Learner? {
        try LearnerRows.fetchOne(db.cachedStatement(sql: "SELECT \(Learner.columns) FROM learners l WHERE l.id = ?"), arguments: [id])
    }

    /// The learner holding a card code (as a scanner types it: any case, maybe with dashes).
    public func learner(cardCode: String) throws -> Learner? {
        let normalized = Store.normalizedCardCode(cardCode)
        return try read { db in
            try LearnerRows.fetchOne(db.cachedStatement(sql: "SELECT \(Learner.columns) FROM learners l WHERE l.card_code = ?"),
                                     arguments: [normalized])
        }
    }

    public func learner(id: String) throws -> Learner? {
        try read { db in try Store.fetchLearner(db, id: id) }
    }

    /// Likely duplicates among learners not archived: the same folded name and birth year, or the same phone.
    /// Two index lookups (name and year; phone), never a scan: an `OR` here, or an index on
    /// `archived` chosen for the order, made each check read every learner (a 10,000-line import
    /// was quadratic).
    static func duplicateCandidates(_ db: Database, fullName: String, birthYear: Int, phone: String?, excluding: String?,
                                    folded: String? = nil) throws -> [Learner] {
        try LearnerRows.fetchAll(db.cachedStatement(sql: duplicateQuery),
                                 arguments: [folded ?? NameFolding.fold(fullName), birthYear, phone, excluding])
    }

    static let duplicateQuery = """
        SELECT \(Learner.columns) FROM learners l
        WHERE l.rowid IN (SELECT rowid FROM learners WHERE folded_name = ? AND birth_year = ?
                          UNION ALL SELECT rowid FROM learners WHERE phone = ?)
          AND +l.archived = 0 AND l.id IS NOT ?
        ORDER BY l.sort_key LIMIT 10
        """

    /// Registers a learner in one transaction with its audit line. Throws 409 `possible_duplicate`
    /// with the candidates unless `confirmDistinct`.
    public func createLearner(_ draft: LearnerDraft, confirmDistinct: Bool, actor: AuthenticatedUser?) throws -> Learner {
        let new = try NewLearner(draft)
        return try write { db in
            try Store.checkReferences(db, draft: draft, villageId: draft.villageId!)
            if !confirmDistinct {
                let candidates = try Store.duplicateCandidates(db, fullName: draft.fullName!, birthYear: draft.birthYear!,
                                                               phone: draft.phone ?? nil, excluding: nil, folded: new.names.folded)
                if !candidates.isEmpty { throw Store.duplicateError(candidates) }
            }
            return try Store.insertLearner(db, new, actor: actor)
        }
    }

    /// Inserts a checked draft (references already verified) with its card code and audit line.
    /// `keys`: an id and a card code drawn beforehand (see `LearnerKeys`); drawn here when nil.
    static func insertLearner(_ db: Database, _ draft: LearnerDraft, actor: AuthenticatedUser?,
                              keys: (id: String, cardCode: String)? = nil) throws -> Learner {
        let new = try NewLearner(draft, id: keys?.id ?? RecordID.new(), cardCode: keys?.cardCode ?? Store.randomCardCode())
        return try insertLearner(db, new, actor: actor)
    }

    /// Inserts a learner worked out beforehand (references already verified): the card code it
    /// carries unless another learner took it meanwhile.
    static func insertLearner(_ db: Database, _ new: NewLearner, actor: AuthenticatedUser?) throws -> Learner {
        var new = new
        try requireOpen(db, year: new.registered.year)
        let cardCode = try Store.newCardCode(db, trying: new.learner.cardCode)
        if cardCode != new.learner.cardCode { new.giveCardCode(cardCode) }
        let l = new.learner
        try db.cachedStatement(sql: """
            INSERT INTO learners(id, full_name, folded_name, given_folded, sort_key, gender, birth_year, birth_date,
                village_id, household_id, clan_id, unit_id, category, target_group, is_association_officer, is_association_member,
                registered_on, phone, card_code, consent_at, notes, archived, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
            """).execute(arguments: [l.id, l.fullName, new.names.folded, new.names.given, new.names.sortKey, l.gender, l.birthYear, l.birthDate,
                             l.villageId, l.householdId, l.clanId, l.unitId, l.category, l.targetGroup,
                             l.isAssociationOfficer, l.isAssociationMember, l.registeredOn,
                             l.phone, l.cardCode, new.consentMillis, l.notes, new.createdMillis, new.createdMillis])
        try saveHistory(db, learnerId: l.id, old: [], new: [new.period], setLearner: false)
        try Store.audit(db, actor: actor, entity: "learner", id: l.id, action: "create", changesText: new.auditChanges)
        return l
    }

    /// Changes the fields present in `draft`; writes the changed fields to the audit table.
    public func updateLearner(id: String, _ draft: LearnerDraft, confirmDistinct: Bool, actor: AuthenticatedUser?) throws -> Learner {
        try write { db in
            guard let old = try Store.fetchLearner(db, id: id) else { throw DomainError.notFound("người học này") }
            var new = old
            if let v = draft.fullName { new.fullName = v }
            if let v = draft.gender { new.gender = v }
            if let v = draft.birthYear { new.birthYear = v }
            if let v = draft.birthDate { new.birthDate = v }
            if let v = draft.villageId { new.villageId = v }
            if let v = draft.householdId { new.householdId = v }
            if let v = draft.clanId { new.clanId = v }
            if let v = draft.unitId { new.unitId = v }
            if let v = draft.category { new.category = v }
            if let v = draft.targetGroup { new.targetGroup = v }
            if let v = draft.isAssociationOfficer { new.isAssociationOfficer = v }
            if let v = draft.isAssociationMember { new.isAssociationMember = v }
            if let v = draft.phone { new.phone = v }
            if let v = draft.notes { new.notes = v }
            var consent: Int64? = try Int64.fetchOne(db, sql: "SELECT consent_at FROM learners WHERE id = ?", arguments: [id])
            if let v = draft.consentAt { consent = v; new.consentAt = v.map { Timestamps.iso(millis: $0) } }
            if let date = new.birthDate, Timestamps.dateYear(date) != new.birthYear {
                throw DomainError.invalid("birthDate", "Ngày sinh \(date) không khớp năm sinh \(new.birthYear).")
            }
            let names = FoldedName(new.fullName)
            var refs = draft
            refs.householdId = .some(new.householdId)
            try Store.checkReferences(db, draft: refs, villageId: new.villageId)
            let identityChanged = new.fullName != old.fullName || new.birthYear != old.birthYear || new.phone != old.phone
            if identityChanged && !confirmDistinct && !old.archived {
                let candidates = try Store.duplicateCandidates(db, fullName: new.fullName, birthYear: new.birthYear,
                                                               phone: new.phone, excluding: id)
                if !candidates.isEmpty { throw Store.duplicateError(candidates) }
            }
            // Groups and flags hold from a day: a move, a correction, or a new day of registration.
            let history = try Store.history(db, learnerId: id)
            let periods = try Store.changedHistory(history, draft: draft, learner: new)
            if let registered = draft.registeredOn { new.registeredOn = registered.text }
            var changes = Store.diff(old.fields, new.fields)
            if changes.isEmpty && periods == history { return old }
            try Store.requireClosedYearsUnchanged(db, old: history, new: periods)
            try db.execute(sql: """
                UPDATE learners SET full_name = ?, folded_name = ?, given_folded = ?, sort_key = ?, gender = ?, birth_year = ?,
                    birth_date = ?, phone = ?, consent_at = ?, notes = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [new.fullName, names.folded, names.given, names.sortKey, new.gender, new.birthYear, new.birthDate,
                                 new.phone, consent, new.notes, Store.nowMillis(), id])
            try Store.saveHistory(db, learnerId: id, old: history, new: periods)
            if periods != history {
                changes["memberships"] = [.string(Store.describe(history)), .string(Store.describe(periods))]
                changes["how"] = [.null, .string(draft.correction ? "correction" : "move from \((draft.effectiveFrom ?? Day.today()).text)")]
            }
            try Store.audit(db, actor: actor, entity: "learner", id: id, action: "update", changes: changes)
            return try Store.fetchLearner(db, id: id)!
        }
    }

    /// Archives or brings back a learner from a day (default today): no hard delete, ever. The
    /// years before that day still count them (CRITERIA §4).
    public func setArchived(id: String, _ archived: Bool, from day: Day? = nil, reason: String? = nil,
                            actor: AuthenticatedUser?) throws -> Learner {
        try write { db in
            guard let old = try Store.fetchLearner(db, id: id) else { throw DomainError.notFound("người học này") }
            if old.archived == archived && day == nil { return old }
            let history = try Store.history(db, learnerId: id)
            let start = try Store.changeDay(day, field: "effectiveFrom", history: history)
            let periods = Membership.moved(history, from: start) { $0.archived = archived }
            if periods == history { return old }
            try Store.requireClosedYearsUnchanged(db, old: history, new: periods)
            try Store.saveHistory(db, learnerId: id, old: history, new: periods)
            var changes: [String: [JSONValue]] = ["archived": [.bool(old.archived), .bool(periods.last!.archived)],
                                                   "effectiveFrom": [.null, .string(start.text)]]
            if let reason { changes["reason"] = [.null, .string(reason)] }
            try Store.audit(db, actor: actor, entity: "learner", id: id, action: archived ? "archive" : "unarchive", changes: changes)
            return try Store.fetchLearner(db, id: id)!
        }
    }

    static func duplicateError(_ candidates: [Learner]) -> DomainError {
        let list = JSONValue.array(candidates.map { .object($0.fields) })
        return DomainError(.conflict, "possible_duplicate",
                         "Có thể người này đã được đăng ký (trùng họ tên và năm sinh, hoặc trùng số điện thoại). "
                         + "Hãy xem danh sách bên dưới; nếu đúng là người khác, gửi lại với \"confirmDistinct\": true.",
                         details: ["candidates": list])
    }

    /// 422 naming the field when a referenced village, household, clan or unit does not exist,
    /// or the household lies in another village.
    static func checkReferences(_ db: Database, draft: LearnerDraft, villageId: String) throws {
        try checkReferences(db, villageId: villageId, householdId: draft.householdId ?? nil, clanId: draft.clanId ?? nil,
                            unitId: draft.unitId ?? nil)
    }

    /// The same for values given directly; `field` prefixes the field names ("items[2].").
    static func checkReferences(_ db: Database, villageId: String, householdId: String?, clanId: String?, unitId: String?,
                                field: String = "") throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM villages WHERE id = ?"), arguments: [villageId]) == true else {
            throw DomainError.invalid(field + "villageId", "Không có thôn với mã \"\(villageId.prefix(40))\". Hãy chọn thôn trong danh sách.")
        }
        if let household = householdId {
            guard let village = try String.fetchOne(db, sql: "SELECT village_id FROM households WHERE id = ?", arguments: [household]) else {
                throw DomainError.invalid(field + "householdId", "Không có hộ gia đình với mã \"\(household.prefix(40))\".")
            }
            guard village == villageId else {
                throw DomainError.invalid(field + "householdId", "Hộ gia đình này thuộc thôn khác. Hãy chọn đúng thôn hoặc đúng hộ.")
            }
        }
        if let clan = clanId, try Bool.fetchOne(db, sql: "SELECT 1 FROM clans WHERE id = ?", arguments: [clan]) != true {
            throw DomainError.invalid(field + "clanId", "Không có dòng họ với mã \"\(clan.prefix(40))\".")
        }
        if let unit = unitId, try Bool.fetchOne(db, sql: "SELECT 1 FROM units WHERE id = ?", arguments: [unit]) != true {
            throw DomainError.invalid(field + "unitId", "Không có đơn vị với mã \"\(unit.prefix(40))\".")
        }
    }

    /// A card code as stored: scanners may type it in lower case or with dashes.
    static func normalizedCardCode(_ code: String) -> String { code.uppercased().filter { $0.isLetter || $0.isNumber } }

    /// A card code no learner has: `candidate` when free, else a new random one.
    static func newCardCode(_ db: Database, trying candidate: String? = nil) throws -> String {
        var code = candidate ?? randomCardCode()
        while try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM learners WHERE card_code = ?"), arguments: [code]) == true {
            code = randomCardCode()
        }
        return code
    }

    /// "LC" and eight characters that cannot be misread (no 0/O, 1/I): 40 random bits.
    /// Five bits a character (the alphabet has 32) from one draw of 64 bits: a system call, not eight.
    static func randomCardCode() -> String {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)
        var generator = SystemRandomNumberGenerator()
        let bits: UInt64 = generator.next()
        return "LC" + String(decoding: (0..<8).map { alphabet[Int(bits >> (5 * $0) & 31)] }, as: UTF8.self)
    }
}

extension Store {
    /// Gives the learner a new card code; the old one stops working at once.
    public func reissueCard(id: String, actor: AuthenticatedUser?) throws -> Learner {
        try write { db in
            guard let old = try Store.fetchLearner(db, id: id) else { throw DomainError.notFound("người học này") }
            let code = try Store.newCardCode(db)
            try db.execute(sql: "UPDATE learners SET card_code = ?, updated_at = ? WHERE id = ?", arguments: [code, Store.nowMillis(), id])
            try Store.audit(db, actor: actor, entity: "learner", id: id, action: "reissueCard",
                            changes: ["cardCode": [.string(old.cardCode), .string(code)]])
            return try Store.fetchLearner(db, id: id)!
        }
    }
}
