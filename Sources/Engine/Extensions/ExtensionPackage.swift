// What a node can install with CREATE EXTENSION, as PostgreSQL finds it on
// disk: the control file's facts, the install script, and the shared
// library (`$libdir/NAME.so`) whose C-language functions the script
// declares with `LANGUAGE C AS 'MODULE_PATHNAME', 'symbol'`. Modules beyond
// the engine (the distribution layer, the lab's extensions) plug in here,
// as extensions plug into PostgreSQL.

/// One call of a C-language function.
package struct NativeCall {
    package let session: Session
    package let function: UserFunctionDefinition
    package let arguments: [Value]
}

/// A C-language function's body.
package typealias NativeFunction = (NativeCall) throws -> Value

/// A set-returning C-language function's body: its rows.
package typealias NativeSetFunction = (NativeCall) throws -> [Row]

/// A shared library: its functions by link symbol.
package protocol NativeLibrary: AnyObject {
    func function(_ symbol: String) -> NativeFunction?
    func setFunction(_ symbol: String) -> NativeSetFunction?
    /// The parameters the library defines when a session loads it.
    var settings: [SettingDefinition] { get }
}

extension NativeLibrary {
    package func setFunction(_ symbol: String) -> NativeSetFunction? { nil }
    package var settings: [SettingDefinition] { [] }
}

/// An extension available to CREATE EXTENSION.
package protocol ExtensionPackage: AnyObject {
    var name: String { get }
    /// The version CREATE EXTENSION installs (pg_extension.extversion).
    var version: String { get }
    /// Extensions that must be installed first.
    var requires: [String] { get }
    /// The control file's fixed schema (`pg_catalog` for citus), or nil
    /// when the extension goes where CREATE EXTENSION .. SCHEMA says.
    var fixedSchema: String? { get }
    /// The name of the shared library MODULE_PATHNAME stands for, if any.
    var libraryName: String? { get }
    /// The control file's comment (`\dx` prints it).
    var comment: String { get }
    /// The control file's `relocatable`.
    var relocatable: Bool { get }
    /// The install script: SQL, with `@extschema@` for the target schema.
    func installScript() -> String
    /// Runs after the script, in the same transaction.
    func didInstall(session: Session, schema: String) throws
}

extension ExtensionPackage {
    package var requires: [String] { [] }
    package var fixedSchema: String? { nil }
    package var libraryName: String? { nil }
    package var relocatable: Bool { false }
    package func didInstall(session: Session, schema: String) throws {}
}
