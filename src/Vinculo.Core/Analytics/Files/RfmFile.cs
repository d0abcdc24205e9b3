using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using Vinculo.Domain.Analytics.Rfm;

namespace Vinculo.Core.Analytics.Files;

/// <summary>
/// RFM of a transaction file, no database: per customer with a purchase, recency = days from the last purchase day
/// to the day after the file's last purchase day (so at least 1), frequency = distinct invoices, monetary = the sum of
/// quantity × unit price; then <see cref="RfmScoring"/>.
/// </summary>
public static class RfmFile
{
    public const string Header = "customer,recency_days,frequency,monetary,r,f,m,segment";

    /// <summary>Every customer's figures, in ascending customer id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RfmInput[] Measure(PurchaseLog log)
    {
        var n = log.CustomerCount;
        var lastDay = new int[n];
        var frequency = new int[n];
        var monetary = new decimal[n];
        var lastInvoice = new int[n];
        Array.Fill(lastDay, int.MinValue);
        Array.Fill(lastInvoice, -1);
        var seen = new HashSet<long>();
        var customer = log.Customer;
        var day = log.Day;
        var invoice = log.Invoice;
        var amount = log.Amount;
        for (var i = 0; i < customer.Length; i++)
        {
            var c = customer[i];
            if (day[i] > lastDay[c])
            {
                lastDay[c] = day[i];
            }

            monetary[c] += amount[i];
            var inv = invoice[i];
            if (inv != lastInvoice[c])
            {
                lastInvoice[c] = inv;
                if (seen.Add(((long)c << 32) | (uint)inv))
                {
                    frequency[c]++;
                }
            }
        }

        var snapshot = log.LastDay + 1;
        var ids = log.CustomerIds;
        var result = new RfmInput[n];
        for (var c = 0; c < n; c++)
        {
            result[c] = new RfmInput(ids[c], snapshot - lastDay[c], frequency[c], monetary[c]);
        }

        Array.Sort(result, static (x, y) => x.CustomerId.CompareTo(y.CustomerId));
        return result;
    }

    /// <summary>Writes the scores as CSV (<see cref="Header"/>), in the given order, invariant culture, '\n' line ends.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<RfmScore> scores)
    {
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(96);
        foreach (var s in scores)
        {
            line.Clear();
            line.Append(s.CustomerId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.RecencyDays.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Frequency.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(FormatMoney(s.Monetary)).Append(',')
                .Append((char)('0' + s.R)).Append(',')
                .Append((char)('0' + s.F)).Append(',')
                .Append((char)('0' + s.M)).Append(',')
                .Append(s.Segment).Append('\n');
            writer.Write(line);
        }
    }

    /// <summary>An exact decimal with at least two decimals and no trailing zeros beyond them ("12.50", "3.125").</summary>
    public static string FormatMoney(decimal value) => value.ToString("0.00##########################", CultureInfo.InvariantCulture);
}
