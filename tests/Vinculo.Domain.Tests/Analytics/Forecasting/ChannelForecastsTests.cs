using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Forecasting;

namespace Vinculo.Domain.Tests.Analytics.Forecasting;

public class ChannelForecastsTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    [Fact]
    public void Daily_counts_with_a_weekly_pattern_are_forecast_by_date()
    {
        // Eight weeks of calls: 100 on weekdays, 20 on weekends, with the Sundays left out (missing days count as 0).
        var history = new List<DatedValue>();
        for (var d = 0; d < 56; d++)
        {
            var day = Monday.AddDays(d);
            if (day.DayOfWeek != DayOfWeek.Sunday)
            {
                history.Add(new DatedValue(day, day.DayOfWeek == DayOfWeek.Saturday ? 20 : 100));
            }
        }

        var forecast = ChannelForecasts.Build("phone", history, new ChannelForecastOptions { Horizon = 14, HistoryDays = 28 });

        Assert.NotNull(forecast);
        Assert.Equal("phone", forecast.Channel);
        Assert.Equal(7, forecast.SeasonLength);
        Assert.Equal(28, forecast.History.Count);
        // The series runs from the first to the last given day: day 54, a Saturday (day 55, a Sunday, is not given).
        Assert.Equal(Monday.AddDays(27), forecast.History[0].Date);
        Assert.Equal(0.0, forecast.History[0].Value); // a missing Sunday, filled with 0
        Assert.Equal(Monday.AddDays(54), forecast.History[^1].Date);
        Assert.Equal(20.0, forecast.History[^1].Value);
        Assert.Equal(14, forecast.Forecast.Count);
        Assert.Equal(Monday.AddDays(55), forecast.Forecast[0].Date);
        foreach (var point in forecast.Forecast)
        {
            var expected = point.Date.DayOfWeek switch
            {
                DayOfWeek.Saturday => 20.0,
                DayOfWeek.Sunday => 0.0,
                _ => 100.0,
            };
            Assert.Equal(expected, point.Value, 1.0);
            Assert.True(point.Lower >= 0 && point.Lower <= point.Value && point.Value <= point.Upper);
        }
    }

    [Fact]
    public void Too_short_history_gives_no_forecast()
    {
        var history = Enumerable.Range(0, 14).Select(d => new DatedValue(Monday.AddDays(d), 10)).ToList();
        Assert.Null(ChannelForecasts.Build("email", history));
        Assert.Null(ChannelForecasts.Build("email", []));
    }
}
