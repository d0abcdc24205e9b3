using Microsoft.AspNetCore.Components;

namespace Vinculo.Web.Components.Analytics.Charts;

/// <summary>
/// What every chart has: a page-unique id, a title and description (the SVG's &lt;title&gt; and &lt;desc&gt;, also the
/// figure's caption), the text of the disclosure that opens the table alternative, and the text shown instead of the
/// drawing when there is nothing to draw. All texts are encoded by Razor.
/// </summary>
public abstract class ChartBase : ComponentBase
{
    /// <summary>Unique within the page: prefixes the ids of the title, description and table.</summary>
    [Parameter, EditorRequired]
    public string Id { get; set; } = "";

    [Parameter, EditorRequired]
    public string Title { get; set; } = "";

    /// <summary>What the chart shows, in a sentence, for assistive technology.</summary>
    [Parameter]
    public string Description { get; set; } = "";

    /// <summary>The summary of the &lt;details&gt; holding the data table ("Show the numbers").</summary>
    [Parameter]
    public string TableLabel { get; set; } = "Data";

    /// <summary>Shown instead of the chart when there is nothing to draw.</summary>
    [Parameter]
    public string EmptyText { get; set; } = "No data.";

    protected string TitleId => Id + "-title";

    protected string DescId => Id + "-desc";

    protected string LabelledBy => $"{TitleId} {DescId}";
}
