import GRDB

// The closed sets are stored as their codes; the tables' CHECK constraints hold the column to
// the set, so a row always reads back as one of its cases.
extension Gender: DatabaseValueConvertible {}
extension LearnerCategory: DatabaseValueConvertible {}
extension TargetGroup: DatabaseValueConvertible {}
extension SessionCategory: DatabaseValueConvertible {}
extension SessionState: DatabaseValueConvertible {}
extension VisitPurpose: DatabaseValueConvertible {}
extension SkillLevel: DatabaseValueConvertible {}
extension ActivityKind: DatabaseValueConvertible {}
extension ExportStatus: DatabaseValueConvertible {}
extension BundleKind: DatabaseValueConvertible {}
extension PushStatus: DatabaseValueConvertible {}
extension RegistrationStatus: DatabaseValueConvertible {}
