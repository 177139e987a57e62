/// The topology files compiled into `carenode` (see the `CareTopologies` target in Package.swift):
/// the YAML beside this file is the one source, and the binary needs no files at run time.
public enum BuiltInTopologies {
    /// `Topologies/demo.yaml`: Qingshan district, one county, two streets, four communities.
    public static let demo = String(decoding: PackageResources.demo_yaml, as: UTF8.self)
}
