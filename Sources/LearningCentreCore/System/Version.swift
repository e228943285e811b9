/// The program's version: in the health answer, the bundles' manifests and `status`.
public enum LearningCentreVersion {
    public static let current = "0.1.0"
}
