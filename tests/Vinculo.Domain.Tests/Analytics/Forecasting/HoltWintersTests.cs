using Vinculo.Domain.Analytics.Forecasting;

namespace Vinculo.Domain.Tests.Analytics.Forecasting;

public class HoltWintersTests
{
    // R's HoltWinters(AirPassengers, seasonal = "multiplicative"), as printed by R and widely quoted:
    // alpha 0.2755925, beta 0.03269295, gamma 0.8707292; a 469.3232206, b 3.0215391, s1..s12 below.
    private const double RAlpha = 0.2755925;
    private const double RBeta = 0.03269295;
    private const double RGamma = 0.8707292;

    private static readonly double[] RSeasonals =
    [
        0.9464611, 0.8829239, 0.9717369, 1.0304825, 1.0476884, 1.1805272,
        1.3590778, 1.3331706, 1.1083381, 0.9868813, 0.8361333, 0.9209877,
    ];

    [Fact]
    public void The_series_is_the_published_one()
    {
        Assert.Equal(144, AirPassengers.Values.Length);
        Assert.Equal(40_363, AirPassengers.Values.Sum());
    }

    [Fact]
    public void Start_values_follow_R_decompose_on_the_first_two_seasons()
    {
        // Cross-checked with statsmodels' seasonal_decompose(x[:24], model="multiplicative", period=12) (the same
        // centred 2×12 moving average and per-position means) and numpy.polyfit of the 12 defined trend values on 1..12.
        var start = HoltWinters.InitialStates(AirPassengers.Values, 12, Seasonality.Multiplicative);

        Assert.Equal(124.3169191919192, start.Level, 9);
        Assert.Equal(1.145687645687642, start.Trend, 9);
        double[] figure = [0.88537782, 0.95670266, 1.0560479, 0.99999181, 0.91918031, 1.08513403, 1.1795086, 1.17526021, 1.0739905, 0.93517392, 0.81465502, 0.91897722];
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(figure[i], start.Seasonals[i], 7);
        }
    }

    [Fact]
    public void R_parameters_reproduce_R_coefficients()
    {
        var model = HoltWinters.Create(AirPassengers.Values, 12, Seasonality.Multiplicative, RAlpha, RBeta, RGamma);

        // The parameters are rounded to 7 significant digits in R's print-out, hence the tolerances.
        Assert.Equal(469.3232206, model.Level, 4);
        Assert.Equal(3.0215391, model.Trend, 5);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(RSeasonals[i], model.Seasonals[i], 6);
        }

        // R reports SSE = 16570.78 for this fit.
        Assert.Equal(16570.78, model.SumOfSquaredErrors, 1);
        Assert.Equal(132, model.Fitted.Count);
    }

    [Fact]
    public void Multiplicative_fit_is_at_least_as_good_as_R_and_lands_next_to_its_parameters()
    {
        var reference = HoltWinters.Create(AirPassengers.Values, 12, Seasonality.Multiplicative, RAlpha, RBeta, RGamma);

        var model = HoltWinters.Fit(AirPassengers.Values, 12, new HoltWintersOptions { Seasonality = Seasonality.Multiplicative });

        // Our optimum: SSE 16570.7778 (R's parameters give 16570.7779 under the same recursion);
        // alpha 0.27560, beta 0.03268, gamma 0.87076 — all within 1e-4 of R's. Asserted with a 0.005 margin.
        Assert.True(model.SumOfSquaredErrors <= reference.SumOfSquaredErrors * (1 + 1e-9), $"{model.SumOfSquaredErrors} > {reference.SumOfSquaredErrors}");
        Assert.Equal(RAlpha, model.Alpha, 0.005);
        Assert.Equal(RBeta, model.Beta, 0.005);
        Assert.Equal(RGamma, model.Gamma, 0.005);

        // R's predict(): 447.0559, 419.7123, 464.8671 for January–March 1961.
        Assert.Equal(447.0559, model.PointForecast(1), 0.05);
        Assert.Equal(419.7123, model.PointForecast(2), 0.05);
        Assert.Equal(464.8671, model.PointForecast(3), 0.05);
    }

    [Fact]
    public void Additive_fit_lands_next_to_R()
    {
        // R's HoltWinters(AirPassengers): alpha 0.2479595, beta 0.0345373, gamma 1, SSE 21860.18.
        var model = HoltWinters.Fit(AirPassengers.Values, 12, new HoltWintersOptions { Seasonality = Seasonality.Additive });

        Assert.Equal(0.2479595, model.Alpha, 0.005);
        Assert.Equal(0.0345373, model.Beta, 0.005);
        Assert.Equal(1.0, model.Gamma, 0.005);
        Assert.True(model.SumOfSquaredErrors <= 21860.19, model.SumOfSquaredErrors.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Fixed_parameters_are_kept_and_the_others_fitted()
    {
        var model = HoltWinters.Fit(AirPassengers.Values, 12, new HoltWintersOptions { Seasonality = Seasonality.Multiplicative, Beta = 0.0 });

        Assert.Equal(0.0, model.Beta);
        Assert.InRange(model.Alpha, 0, 1);
        Assert.InRange(model.Gamma, 0, 1);
    }

    [Theory]
    [InlineData(Seasonality.Additive)]
    [InlineData(Seasonality.Multiplicative)]
    public void Synthetic_series_with_known_level_trend_and_season_is_recovered(Seasonality seasonality)
    {
        // 12 weeks of daily values: level 200 + 0.5 per day, weekly pattern, small deterministic noise (±2).
        double[] additive = [10, 5, 0, -5, -10, 25, -25];
        double[] multiplicative = [1.05, 1.02, 1.0, 0.97, 0.95, 1.15, 0.86];
        double Truth(int t) => seasonality == Seasonality.Additive
            ? 200 + 0.5 * t + additive[t % 7]
            : (200 + 0.5 * t) * multiplicative[t % 7];

        var series = new double[84];
        for (var t = 0; t < series.Length; t++)
        {
            series[t] = Truth(t) + 2 * Math.Sin(t * 2.3);
        }

        var model = HoltWinters.Fit(series, 7, new HoltWintersOptions { Seasonality = seasonality });

        Assert.Equal(0.5, model.Trend, 0.1);
        for (var h = 1; h <= 14; h++)
        {
            var truth = Truth(series.Length - 1 + h);
            Assert.True(Math.Abs(model.PointForecast(h) - truth) <= 0.02 * truth, $"h={h}: {model.PointForecast(h)} vs {truth}");
        }
    }

    [Fact]
    public void Prediction_intervals_widen_with_the_horizon()
    {
        var model = HoltWinters.Create(AirPassengers.Values, 12, Seasonality.Multiplicative, RAlpha, RBeta, RGamma);

        var forecast = model.Forecast(24);

        // h = 1: ± z(0.975)·σ with z = 1.959964.
        Assert.Equal(1.959963984540054 * Math.Sqrt(model.ResidualVariance), forecast[0].Upper - forecast[0].Value, 9);
        for (var h = 1; h < forecast.Length; h++)
        {
            Assert.True(forecast[h].Upper - forecast[h].Value >= forecast[h - 1].Upper - forecast[h - 1].Value);
            Assert.Equal(forecast[h].Value - forecast[h].Lower, forecast[h].Upper - forecast[h].Value, 9);
        }

        // h = 2: σ²(1 + ψ1²), ψ1 = α(1 + β).
        var psi = RAlpha * (1 + RBeta);
        Assert.Equal(1.959963984540054 * Math.Sqrt(model.ResidualVariance * (1 + psi * psi)), forecast[1].Upper - forecast[1].Value, 9);
    }

    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.9, 1.2815515655446004)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.01, -2.3263478740408408)]
    public void Normal_quantile_is_accurate(double p, double expected)
        => Assert.Equal(expected, HoltWintersModel.NormalQuantile(p), 13);

    [Fact]
    public void Short_or_invalid_series_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => HoltWinters.Fit(new double[14], 7));
        Assert.Throws<ArgumentException>(() => HoltWinters.Fit(Enumerable.Repeat(0.0, 30).ToArray(), 7, new HoltWintersOptions { Seasonality = Seasonality.Multiplicative }));
    }
}
