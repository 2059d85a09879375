using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Oslo.Service.Backdoor.Console;

/// <summary>
/// Makes every loop of a submission check the session's cancellation token at the top of each iteration, so that
/// <c>while (true) { }</c> typed into the console stops when the operator cancels it. Roslyn's own cancellation
/// token is only observed between submissions, and a thread cannot be aborted on .NET.
/// </summary>
internal sealed class CancellationInjector : CSharpSyntaxRewriter
{
    // "Cancellation" is a member of BackdoorGlobals, in scope in every submission.
    private static readonly StatementSyntax s_check =
        SyntaxFactory.ParseStatement("Cancellation.ThrowIfCancellationRequested();");

    internal static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Returns the submission with a cancellation check at the top of every loop body.</summary>
    internal static string Rewrite(string code)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(code, ParseOptions);
        if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Let the compiler report the errors against the text the operator typed.
            return code;
        }

        return new CancellationInjector().Visit(tree.GetRoot()).ToFullString();
    }

    /// <summary>True when the text is a complete submission (otherwise the console asks for more lines).</summary>
    internal static bool IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(CSharpSyntaxTree.ParseText(code, ParseOptions));

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    private static BlockSyntax Guard(StatementSyntax body) => body is BlockSyntax block
        ? block.WithStatements(block.Statements.Insert(0, s_check))
        : SyntaxFactory.Block(s_check, body);
}
