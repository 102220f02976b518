// psql's `\if` / `\elif` / `\else` / `\endif` nesting (fe_utils'
// conditional.c): which branch of each open block is running.

/// The open `\if` blocks of one input source.
struct ConditionalStack {
    /// The state of one block.
    enum Branch {
        /// In a true branch.
        case active
        /// In a false branch; no branch taken yet.
        case waiting
        /// A branch was taken already, or the block sits in an inactive
        /// branch of an outer one.
        case ignored
        /// In `\else` after nothing was taken.
        case elseActive
        /// In `\else` after a branch was taken.
        case elseIgnored
    }

    /// Innermost block last.
    private(set) var blocks: [Branch] = []

    /// Whether commands run here: no block open, or the innermost branch
    /// is active.
    var isActive: Bool {
        guard let top = blocks.last else { return true }
        return top == .active || top == .elseActive
    }

    /// Whether no block is open.
    var isEmpty: Bool { blocks.isEmpty }

    /// The innermost block's state.
    var top: Branch? { blocks.last }

    /// Opens a block.
    mutating func push(_ branch: Branch) { blocks.append(branch) }

    /// Closes the innermost block; false when none is open.
    @discardableResult
    mutating func pop() -> Bool { blocks.popLast() != nil }

    /// Changes the innermost block's state.
    mutating func setTop(_ branch: Branch) {
        if !blocks.isEmpty { blocks[blocks.count - 1] = branch }
    }
}
