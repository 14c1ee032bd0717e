/// Where shiftlint lives on the web: the one place its repository's address is spelled
/// (SARIF's `informationUri` and each rule's `helpUri`).
public enum ProjectLinks {
    public static let repository = "https://github.com/shiftlint/shiftlint"
    /// The repository's files on its main branch: `files + "docs/sarif.md"`.
    public static let files = repository + "/blob/main/"
}

extension CheckDescription {
    /// The check's page on the web (`docPage` in the repository).
    public var docURL: String { ProjectLinks.files + docPage }
}
