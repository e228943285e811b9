import Foundation

/// A learner ready to insert, worked out from a checked draft before the write lane: the row's
/// values, the first period of membership, the learner as the API shows it, and its audit line.
/// The lane then only checks, draws a free card code and inserts: building the audit's JSON and
/// reading the new row back inside the lane were two fifths of a registration's time there
/// (`perf`, issue 18), time every other write of the batch waited for.
struct NewLearner {
    private(set) var learner: Learner
    let names: FoldedName
    let period: Membership
    let registered: Day
    let createdMillis: Int64
    let consentMillis: Int64?
    /// The audit line's changes: every field from nothing to its value.
    private(set) var auditChanges: String

    /// Refuses a day of registration still to come; `now` stamps the row.
    init(_ draft: LearnerDraft, id: String = RecordID.new(), cardCode: String = Store.randomCardCode(),
         names: FoldedName? = nil, now: Int64 = Store.nowMillis()) throws {
        let today = Day.today(now: now)
        let registered = draft.registeredOn ?? today
        if registered > today {
            throw DomainError.invalid("registeredOn", "Ngày đăng ký \(registered.vietnamese) còn ở tương lai. Hãy để trống (hôm nay) hoặc chọn ngày đã qua.")
        }
        let fullName = draft.fullName!
        self.names = names ?? FoldedName(fullName)
        self.registered = registered
        createdMillis = now
        consentMillis = draft.consentAt ?? nil
        period = Membership(from: registered, to: nil, villageId: draft.villageId!, householdId: draft.householdId ?? nil,
                            clanId: draft.clanId ?? nil, unitId: draft.unitId ?? nil, category: draft.category ?? .other,
                            targetGroup: draft.targetGroup ?? nil, isAssociationOfficer: draft.isAssociationOfficer ?? false,
                            isAssociationMember: draft.isAssociationMember ?? false, archived: false)
        let stamp = Timestamps.iso(millis: now)
        learner = Learner(id: id, fullName: fullName, gender: draft.gender!, birthYear: draft.birthYear!, birthDate: draft.birthDate ?? nil,
                          villageId: period.villageId, householdId: period.householdId, clanId: period.clanId, unitId: period.unitId,
                          category: period.category, targetGroup: period.targetGroup,
                          isAssociationOfficer: period.isAssociationOfficer, isAssociationMember: period.isAssociationMember,
                          registeredOn: registered.text, phone: draft.phone ?? nil, cardCode: cardCode,
                          consentAt: consentMillis.map(Timestamps.iso(millis:)), notes: draft.notes ?? nil, archived: false,
                          createdAt: stamp, updatedAt: stamp)
        auditChanges = ""
        auditChanges = Store.auditText(created: learner)
    }

    /// The card code drawn beforehand was taken meanwhile: another one, in the audit line too.
    mutating func giveCardCode(_ code: String) {
        learner.cardCode = code
        auditChanges = Store.auditText(created: learner)
    }
}
