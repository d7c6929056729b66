using System.Reflection;
using System.Xml.Linq;

namespace ClutchCall.Architecture.Tests;

/// <summary>Reads every project file under src/ and fails on a project reference the architecture does not allow.</summary>
public sealed class DependencyRulesTests
{
    // Who may reference whom (docs/design/runtime.md, ARCHITECTURE.md "Dependency rules").
    // Silo is the composition root: it hosts the grains and, in the embedded default, the edge.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Runtime.Abstractions"] = [],
        ["Grains.Interfaces"] = ["Runtime.Abstractions"],
        ["Runtime"] = ["Runtime.Abstractions"],
        ["Media"] = [],
        ["Moqt"] = [],
        ["Moqt.Hosting"] = ["Moqt"],
        ["Sip"] = ["Media"],
        ["Agents"] = ["Media"],
        ["Grains"] = ["Grains.Interfaces", "Runtime", "Runtime.Abstractions", "Media", "Agents"],
        ["Gateway"] = ["Grains.Interfaces", "Runtime", "Runtime.Abstractions", "Sip", "Moqt", "Moqt.Hosting", "Media"],
        ["Sdk"] = ["Moqt", "Media"],
        ["Silo"] = ["Grains", "Grains.Interfaces", "Runtime", "Runtime.Abstractions", "Gateway", "Sip", "Moqt", "Moqt.Hosting", "Media", "Agents"],
    };

    private static string Root => typeof(DependencyRulesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_references_follow_the_dependency_rules(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"src/{project} is not in the dependency rules: add it on purpose.");
        var path = Path.Combine(Root, "src", project, project + ".csproj");
        var references = XDocument.Load(path).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
            .ToArray();
        var forbidden = references.Except(allowed!).ToArray();
        Assert.True(forbidden.Length == 0, $"src/{project} references {string.Join(", ", forbidden)}, which the rules forbid.");
    }

    [Fact]
    public void No_source_project_references_a_test_project()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("tests/", text.Replace('\\', '/'));
        }
    }
}
