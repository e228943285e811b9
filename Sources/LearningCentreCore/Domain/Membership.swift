import Foundation

/// One period of a learner's history: the groups they belonged to and their flags, from a day
/// to a day (both included; the last period has no end). CRITERIA §4: figures of year Y use the
/// period of the last day of Y on which the learner was registered and not archived.
public struct Membership: Sendable, Equatable {
    public var from: Day
    public var to: Day?
    public var villageId: String
    public var householdId: String?
    public var clanId: String?
    public var unitId: String?
    public var category: LearnerCategory
    public var targetGroup: TargetGroup?
    public var isAssociationOfficer: Bool
    public var isAssociationMember: Bool
    public var archived: Bool

    /// Whether two periods say the same but for their dates (then they are one period).
    func sameValues(as other: Membership) -> Bool {
        var dated = self
        (dated.from, dated.to) = (other.from, other.to)
        return dated == other
    }

    /// The period that counts for `year` among a learner's periods (oldest first): the one
    /// holding the last day of the year on which the learner was registered and not archived.
    public static func counting(in year: Int, _ periods: [Membership]) -> Membership? {
        let first = Day.firstOfYear(year), last = Day.lastOfYear(year)
        return periods.last { !$0.archived && $0.from <= last && ($0.to.map { $0 >= first } ?? true) }
    }

    /// The period holding `day`, if the learner was registered then.
    public static func on(_ day: Day, _ periods: [Membership]) -> Membership? {
        periods.first { $0.from <= day && ($0.to.map { day <= $0 } ?? true) }
    }

    /// The first day on which two histories say something different (nil: none): the day a
    /// change is dated.
    public static func firstDifference(_ a: [Membership], _ b: [Membership]) -> Day? {
        let boundaries = Set((a + b).flatMap { [$0.from] + ($0.to.map { [$0.adding(days: 1)] } ?? []) }).sorted()
        return boundaries.first { day in
            switch (on(day, a), on(day, b)) {
            case (nil, nil): false
            case let (x?, y?): !x.sameValues(as: y)
            default: true
            }
        }
    }

    /// Checks a whole history: periods in order, the first from `registeredOn`, each ending the
    /// day before the next begins, only the last open-ended, none starting after `today`.
    public static func validate(_ periods: [Membership], registeredOn: Day, today: Day) throws {
        guard let first = periods.first else {
            throw DomainError.invalid("items", "Lịch sử cần ít nhất một giai đoạn, bắt đầu từ ngày đăng ký \(registeredOn.vietnamese).")
        }
        guard first.from == registeredOn else {
            throw DomainError.invalid("items[0].from", """
                Giai đoạn đầu tiên phải bắt đầu từ ngày đăng ký (\(registeredOn.vietnamese)), không phải \(first.from.vietnamese). \
                Nếu ngày đăng ký sai, hãy sửa ngày đăng ký trước.
                """)
        }
        for (i, period) in periods.enumerated() {
            if period.from > today {
                throw DomainError.invalid("items[\(i)].from", "Ngày \(period.from.vietnamese) còn ở tương lai: chỉ ghi được những thay đổi đã xảy ra.")
            }
            if let to = period.to, to < period.from {
                throw DomainError.invalid("items[\(i)].to", "Giai đoạn \(i + 1) kết thúc (\(to.vietnamese)) trước khi bắt đầu (\(period.from.vietnamese)).")
            }
            if i + 1 < periods.count {
                let next = periods[i + 1]
                guard let to = period.to else {
                    throw DomainError.invalid("items[\(i)].to", "Giai đoạn \(i + 1) chưa có ngày kết thúc mà sau nó còn giai đoạn khác.")
                }
                if next.from <= to {
                    throw DomainError.invalid("items[\(i + 1)].from", "Giai đoạn \(i + 2) bắt đầu (\(next.from.vietnamese)) khi giai đoạn \(i + 1) chưa kết thúc (\(to.vietnamese)): hai giai đoạn chồng lên nhau.")
                }
                if next.from != to.adding(days: 1) {
                    throw DomainError.invalid("items[\(i + 1)].from", "Giữa \(to.vietnamese) và \(next.from.vietnamese) có khoảng trống: giai đoạn sau phải bắt đầu ngay ngày hôm sau.")
                }
            } else if period.to != nil {
                throw DomainError.invalid("items[\(i)].to", "Giai đoạn cuối cùng là hiện tại nên không có ngày kết thúc.")
            }
        }
    }

    /// Joins neighbours that say the same (a move that changed nothing, a correction back).
    public static func merged(_ periods: [Membership]) -> [Membership] {
        var out: [Membership] = []
        for period in periods {
            if let last = out.last, last.sameValues(as: period) {
                out[out.count - 1].to = period.to
            } else {
                out.append(period)
            }
        }
        return out
    }

    /// The history after a move from `day`: the period holding `day` splits there, and every
    /// period from `day` on takes the changed values (`change` applies them).
    public static func moved(_ periods: [Membership], from day: Day, _ change: (inout Membership) -> Void) -> [Membership] {
        var out: [Membership] = []
        for var period in periods {
            if period.to.map({ $0 < day }) ?? false {
                out.append(period)
            } else if period.from < day {
                var before = period
                before.to = day.adding(days: -1)
                out.append(before)
                period.from = day
                change(&period)
                out.append(period)
            } else {
                change(&period)
                out.append(period)
            }
        }
        return merged(out)
    }

    package init(from: Day, to: Day?, villageId: String, householdId: String?, clanId: String?, unitId: String?, category: LearnerCategory, targetGroup: TargetGroup?, isAssociationOfficer: Bool, isAssociationMember: Bool, archived: Bool) {
        self.from = from
        self.to = to
        self.villageId = villageId
        self.householdId = householdId
        self.clanId = clanId
        self.unitId = unitId
        self.category = category
        self.targetGroup = targetGroup
        self.isAssociationOfficer = isAssociationOfficer
        self.isAssociationMember = isAssociationMember
        self.archived = archived
    }
}
