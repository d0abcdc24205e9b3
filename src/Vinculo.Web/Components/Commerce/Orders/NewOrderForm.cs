using System.Globalization;

namespace Vinculo.Web.Components.Commerce.Orders;

/// <summary>
/// What the new-order form posts: the channel, an optional number and the lines (product by SKU, quantity, an optional
/// unit price — the list price when blank — and an optional discount). Rows without a SKU are ignored.
/// </summary>
public sealed class NewOrderForm
{
    public string Channel { get; set; } = "phone";
    public string? Number { get; set; }
    public List<LineRow> Lines { get; set; } = [];

    /// <summary>Which submit button was pressed: save, "add" (a line) or "remove:2".</summary>
    public string? Action { get; set; }

    public sealed class LineRow
    {
        public string? Sku { get; set; }
        public int? Quantity { get; set; } = 1;
        public decimal? UnitPrice { get; set; }
        public decimal? Discount { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Sku);
    }

    public static NewOrderForm New() => new NewOrderForm().WithBlankRow();

    /// <summary>Form binding leaves the list null when the post had no line fields.</summary>
    public NewOrderForm EnsureLists()
    {
        Lines ??= [];
        Lines.RemoveAll(l => l is null);
        Channel ??= "phone";
        return this;
    }

    /// <summary>Makes sure the form ends with one empty line to fill in.</summary>
    public NewOrderForm WithBlankRow()
    {
        if (Lines.Count == 0 || !Lines[^1].IsBlank)
        {
            Lines.Add(new LineRow());
        }

        return this;
    }

    /// <summary>Adds or removes a line when <see cref="Action"/> asks for it; true when the post was only that.</summary>
    public bool ApplyRowAction()
    {
        switch ((Action ?? "").Split(':'))
        {
            case ["add"]:
                Lines.Add(new LineRow());
                return true;
            case ["remove", var at] when int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                if (i < Lines.Count)
                {
                    Lines.RemoveAt(i);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The indexes of the rows that will be sent (non-blank), in order.</summary>
    public int[] FilledRows() => Lines.Select((l, i) => (l, i)).Where(x => !x.l.IsBlank).Select(x => x.i).ToArray();
}
