namespace Vinculo.Domain.Analytics.Forecasting;

/// <summary>Settings of <see cref="ChannelForecasts.Build"/>.</summary>
public sealed record ChannelForecastOptions
{
    /// <summary>Days forecast after the last day of history.</summary>
    public int Horizon { get; init; } = 28;

    /// <summary>Season length in days (weekly pattern).</summary>
    public int SeasonLength { get; init; } = 7;

    /// <summary>Additive by default: daily counts can be zero, which multiplicative seasonality cannot take.</summary>
    public Seasonality Seasonality { get; init; } = Seasonality.Additive;

    /// <summary>Coverage of the prediction interval.</summary>
    public double Coverage { get; init; } = 0.95;

    /// <summary>Days of history returned with the forecast (the fit always uses all of it).</summary>
    public int HistoryDays { get; init; } = 91;
}

/// <summary>Daily contact-volume forecasts for the dashboard and staffing.</summary>
public static class ChannelForecasts
{
    /// <summary>
    /// Fits Holt-Winters to a channel's daily counts and forecasts the next days. Days missing between the first and
    /// last given day count as zero; values and lower bounds are floored at 0 (counts). Returns null when there are
    /// fewer than 2 × SeasonLength + 1 days.
    /// </summary>
    public static ChannelForecast? Build(string channel, IEnumerable<DatedValue> dailyCounts, ChannelForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(dailyCounts);
        options ??= new ChannelForecastOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.HistoryDays);

        var byDay = new SortedDictionary<DateOnly, double>();
        foreach (var point in dailyCounts)
        {
            byDay[point.Date] = byDay.TryGetValue(point.Date, out var existing) ? existing + point.Value : point.Value;
        }

        if (byDay.Count == 0)
        {
            return null;
        }

        var first = byDay.Keys.First();
        var last = byDay.Keys.Last();
        var days = last.DayNumber - first.DayNumber + 1;
        if (days < 2 * options.SeasonLength + 1)
        {
            return null;
        }

        var series = new double[days];
        foreach (var (date, value) in byDay)
        {
            series[date.DayNumber - first.DayNumber] = value;
        }

        var model = HoltWinters.Fit(series, options.SeasonLength, new HoltWintersOptions { Seasonality = options.Seasonality });
        var forecast = model.Forecast(options.Horizon, options.Coverage);
        var points = new ForecastPoint[forecast.Length];
        for (var h = 0; h < forecast.Length; h++)
        {
            points[h] = new ForecastPoint(
                last.AddDays(h + 1),
                Math.Max(0, forecast[h].Value),
                Math.Max(0, forecast[h].Lower),
                Math.Max(0, forecast[h].Upper));
        }

        var shown = Math.Min(days, options.HistoryDays);
        var history = new DatedValue[shown];
        for (var i = 0; i < shown; i++)
        {
            var index = days - shown + i;
            history[i] = new DatedValue(first.AddDays(index), series[index]);
        }

        return new ChannelForecast(channel, history, points, model.Alpha, model.Beta, model.Gamma, options.SeasonLength);
    }
}
