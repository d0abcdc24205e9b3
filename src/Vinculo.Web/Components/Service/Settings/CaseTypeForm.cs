using Vinculo.Core.Service.Configuration;

namespace Vinculo.Web.Components.Service.Settings;

/// <summary>What the case type form posts; skills are comma separated.</summary>
public sealed class CaseTypeForm
{
    public string? Code { get; set; }
    public string? NameEs { get; set; }
    public string? NameEn { get; set; }
    public string? Skills { get; set; }
    public bool Active { get; set; } = true;

    public static CaseTypeForm From(CaseTypeDto t) => new()
    {
        Code = t.Code, NameEs = t.NameEs, NameEn = t.NameEn, Skills = string.Join(", ", t.Skills), Active = t.Active,
    };

    public CaseTypeInput ToInput() => new()
    {
        Code = Code,
        NameEs = NameEs,
        NameEn = NameEn,
        Skills = [.. (Skills ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        Active = Active,
    };
}
