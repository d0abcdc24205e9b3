namespace Vinculo.Domain.Analytics.Forecasting;

/// <summary>How the seasonal component combines with level and trend.</summary>
public enum Seasonality
{
    /// <summary>x̂ = level + trend + season: seasonal swings of constant size (also works with zeros).</summary>
    Additive = 1,

    /// <summary>x̂ = (level + trend) × season: swings proportional to the level; needs positive data.</summary>
    Multiplicative = 2,
}

/// <summary>Start values of the three states, as R's HoltWinters computes them.</summary>
public sealed record HoltWintersStart(double Level, double Trend, IReadOnlyList<double> Seasonals);

/// <summary>Settings of <see cref="HoltWinters.Fit"/>.</summary>
public sealed record HoltWintersOptions
{
    public Seasonality Seasonality { get; init; } = Seasonality.Additive;

    /// <summary>Fixed smoothing parameters; null ones are fitted.</summary>
    public double? Alpha { get; init; }

    public double? Beta { get; init; }

    public double? Gamma { get; init; }

    /// <summary>Start values; null: R's decompose-based start on the first two seasons.</summary>
    public HoltWintersStart? Start { get; init; }
}

/// <summary>One forecast step with its approximate prediction interval.</summary>
public readonly record struct Forecast(int Step, double Value, double Lower, double Upper);

/// <summary>
/// A fitted Holt-Winters model: the smoothing parameters, the final states, the one-step-ahead fitted values and
/// the sum of squared one-step errors over observations SeasonLength + 1 … n (R's SSE).
/// </summary>
public sealed class HoltWintersModel
{
    private readonly double[] _seasonals;
    private readonly double[] _fitted;

    internal HoltWintersModel(
        Seasonality seasonality,
        int seasonLength,
        double alpha,
        double beta,
        double gamma,
        HoltWintersStart start,
        double level,
        double trend,
        double[] seasonals,
        double[] fitted,
        double sse,
        double residualVariance)
    {
        Seasonality = seasonality;
        SeasonLength = seasonLength;
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        Start = start;
        Level = level;
        Trend = trend;
        _seasonals = seasonals;
        _fitted = fitted;
        SumOfSquaredErrors = sse;
        ResidualVariance = residualVariance;
    }

    public Seasonality Seasonality { get; }

    public int SeasonLength { get; }

    public double Alpha { get; }

    public double Beta { get; }

    public double Gamma { get; }

    public HoltWintersStart Start { get; }

    /// <summary>Level after the last observation (R's coefficient a).</summary>
    public double Level { get; }

    /// <summary>Trend after the last observation (R's b).</summary>
    public double Trend { get; }

    /// <summary>Seasonal states for the next SeasonLength steps: Seasonals[0] applies one step ahead (R's s1…sf).</summary>
    public IReadOnlyList<double> Seasonals => _seasonals;

    /// <summary>One-step-ahead predictions of observations SeasonLength … n − 1 (0-based).</summary>
    public IReadOnlyList<double> Fitted => _fitted;

    public double SumOfSquaredErrors { get; }

    /// <summary>Sample variance of the one-step residuals (divisor m − 1, as R's var(residuals)).</summary>
    public double ResidualVariance { get; }

    /// <summary>Point forecast <paramref name="step"/> ≥ 1 steps after the last observation.</summary>
    public double PointForecast(int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var season = _seasonals[(step - 1) % SeasonLength];
        var baseline = Level + step * Trend;
        return Seasonality == Seasonality.Additive ? baseline + season : baseline * season;
    }

    /// <summary>
    /// Forecasts <paramref name="horizon"/> steps with a two-sided interval of the given coverage. The variance of
    /// the h-step error is σ²·(1 + Σ_{j=1}^{h−1} ψ_j²), ψ_j = α(1 + jβ) + γ(1 − α)·[j mod f = 0] (the additive
    /// formula of R's predict.HoltWinters), with σ² the residual variance; for multiplicative seasonality the same
    /// formula is used as an approximation.
    /// </summary>
    public Forecast[] Forecast(int horizon, double coverage = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (coverage is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(coverage), "The coverage must be between 0 and 1.");
        }

        var z = NormalQuantile((1 + coverage) / 2);
        var result = new Forecast[horizon];
        var sum = 1.0;
        for (var h = 1; h <= horizon; h++)
        {
            if (h > 1)
            {
                var j = h - 1;
                var psi = Alpha * (1 + j * Beta) + (j % SeasonLength == 0 ? Gamma * (1 - Alpha) : 0);
                sum += psi * psi;
            }

            var value = PointForecast(h);
            var half = z * Math.Sqrt(ResidualVariance * sum);
            result[h - 1] = new Forecast(h, value, value - half, value + half);
        }

        return result;
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation refined by one Halley step).</summary>
    internal static double NormalQuantile(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        // One Halley step on Φ(x) − p brings Acklam's 1e-9 relative error to about machine precision.
        if (Math.Abs(x) > 6)
        {
            return x;
        }

        var e = NormalCdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>Φ(x) = ½ + φ(x)·Σ x^(2n+1) / (1·3·…·(2n+1)), accurate to rounding for |x| ≤ 6.</summary>
    private static double NormalCdf(double x)
    {
        var term = x;
        var sum = x;
        var x2 = x * x;
        for (var n = 1; n < 500 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= x2 / (2 * n + 1);
            sum += term;
        }

        return 0.5 + sum * Math.Exp(-x2 / 2) / Math.Sqrt(2 * Math.PI);
    }
}

/// <summary>
/// Holt-Winters exponential smoothing with level, trend and additive or multiplicative seasonality, following R's
/// stats::HoltWinters: start values from a classical decomposition of the first two seasons (start.periods = 2),
/// the recursion of R's C code (fitting from observation f + 1), and parameters minimising the sum of squared
/// one-step errors in [0, 1]³ — here with a deterministic grid search refined by bounded Nelder-Mead instead of
/// R's L-BFGS-B. O(n) per evaluation; a fit is about 1,500 + a few thousand evaluations.
/// </summary>
public static class HoltWinters
{
    /// <summary>Fits a model to <paramref name="series"/> (at least two full seasons).</summary>
    public static HoltWintersModel Fit(ReadOnlySpan<double> series, int seasonLength, HoltWintersOptions? options = null)
    {
        options ??= new HoltWintersOptions();
        Validate(series, seasonLength, options.Seasonality);
        var start = options.Start ?? InitialStates(series, seasonLength, options.Seasonality);
        if (start.Seasonals.Count != seasonLength)
        {
            throw new ArgumentException("One seasonal start value per season position is required.", nameof(options));
        }

        var x = series.ToArray();
        var seasonals = new double[seasonLength];
        for (var i = 0; i < seasonLength; i++)
        {
            seasonals[i] = start.Seasonals[i];
        }

        var fixedParameters = new[] { options.Alpha, options.Beta, options.Gamma };
        foreach (var p in fixedParameters)
        {
            if (p is < 0 or > 1 || (p is { } v && !double.IsFinite(v)))
            {
                throw new ArgumentOutOfRangeException(nameof(options), "Smoothing parameters must be within [0, 1].");
            }
        }

        var free = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            if (fixedParameters[i] is null)
            {
                free.Add(i);
            }
        }

        var parameters = new double[3];
        for (var i = 0; i < 3; i++)
        {
            parameters[i] = fixedParameters[i] ?? 0;
        }

        if (free.Count > 0)
        {
            var scratch = new double[x.Length];
            double Objective(double[] point)
            {
                var full = (double[])parameters.Clone();
                for (var i = 0; i < free.Count; i++)
                {
                    full[free[i]] = point[i];
                }

                return Run(x, seasonLength, options.Seasonality, full[0], full[1], full[2], start.Level, start.Trend, seasonals, scratch, null, out _, out _);
            }

            var best = BoundedMinimizer.Minimize(Objective, free.Count);
            for (var i = 0; i < free.Count; i++)
            {
                parameters[free[i]] = best[i];
            }
        }

        return Create(x, seasonLength, options.Seasonality, parameters[0], parameters[1], parameters[2], start);
    }

    /// <summary>Runs the recursion with given parameters and start values (no fitting).</summary>
    public static HoltWintersModel Create(ReadOnlySpan<double> series, int seasonLength, Seasonality seasonality, double alpha, double beta, double gamma, HoltWintersStart? start = null)
    {
        Validate(series, seasonLength, seasonality);
        start ??= InitialStates(series, seasonLength, seasonality);
        var x = series.ToArray();
        var initial = new double[seasonLength];
        for (var i = 0; i < seasonLength; i++)
        {
            initial[i] = start.Seasonals[i];
        }

        var season = new double[x.Length];
        var fitted = new double[x.Length - seasonLength];
        var sse = Run(x, seasonLength, seasonality, alpha, beta, gamma, start.Level, start.Trend, initial, season, fitted, out var level, out var trend);
        var next = new double[seasonLength];
        Array.Copy(season, x.Length - seasonLength, next, 0, seasonLength);

        var mean = 0.0;
        for (var i = 0; i < fitted.Length; i++)
        {
            mean += x[seasonLength + i] - fitted[i];
        }

        mean /= fitted.Length;
        var variance = 0.0;
        for (var i = 0; i < fitted.Length; i++)
        {
            var r = x[seasonLength + i] - fitted[i] - mean;
            variance += r * r;
        }

        variance = fitted.Length > 1 ? variance / (fitted.Length - 1) : 0;
        return new HoltWintersModel(seasonality, seasonLength, alpha, beta, gamma, start, level, trend, next, fitted, sse, variance);
    }

    /// <summary>
    /// R's start values: decompose the first 2·f observations (centred moving average of order f, as
    /// stats::decompose), seasonal figures = mean per position of x − trend (or x / trend), centred to mean 0
    /// (or scaled to mean 1); level and trend = intercept and slope of a least-squares line through the defined
    /// moving-average values against 1, 2, ….
    /// </summary>
    public static HoltWintersStart InitialStates(ReadOnlySpan<double> series, int seasonLength, Seasonality seasonality)
    {
        Validate(series, seasonLength, seasonality);
        var f = seasonLength;
        var window = 2 * f;
        var half = f / 2;
        var trend = new double[window];
        Array.Fill(trend, double.NaN);
        for (var t = half; t < window - half; t++)
        {
            var sum = 0.0;
            if (f % 2 == 0)
            {
                sum += 0.5 * series[t - half] + 0.5 * series[t + half];
                for (var j = -half + 1; j < half; j++)
                {
                    sum += series[t + j];
                }
            }
            else
            {
                for (var j = -half; j <= half; j++)
                {
                    sum += series[t + j];
                }
            }

            trend[t] = sum / f;
        }

        var figure = new double[f];
        for (var i = 0; i < f; i++)
        {
            var total = 0.0;
            var count = 0;
            for (var t = i; t < window; t += f)
            {
                if (!double.IsNaN(trend[t]))
                {
                    total += seasonality == Seasonality.Additive ? series[t] - trend[t] : series[t] / trend[t];
                    count++;
                }
            }

            figure[i] = total / count;
        }

        var figureMean = 0.0;
        foreach (var v in figure)
        {
            figureMean += v;
        }

        figureMean /= f;
        for (var i = 0; i < f; i++)
        {
            figure[i] = seasonality == Seasonality.Additive ? figure[i] - figureMean : figure[i] / figureMean;
        }

        // Least squares of the defined trend values on 1..m.
        var m = window - 2 * half;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var k = 0; k < m; k++)
        {
            var xk = k + 1.0;
            var yk = trend[half + k];
            sx += xk;
            sy += yk;
            sxx += xk * xk;
            sxy += xk * yk;
        }

        var slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        var intercept = (sy - slope * sx) / m;
        return new HoltWintersStart(intercept, slope, figure);
    }

    /// <summary>R's C recursion; returns the SSE (+∞ if a multiplicative state breaks down).</summary>
    private static double Run(
        double[] x,
        int f,
        Seasonality seasonality,
        double alpha,
        double beta,
        double gamma,
        double level,
        double trend,
        double[] initialSeasonals,
        double[] season,
        double[]? fitted,
        out double finalLevel,
        out double finalTrend)
    {
        Array.Copy(initialSeasonals, season, f);
        var additive = seasonality == Seasonality.Additive;
        var sse = 0.0;
        for (var i = f; i < x.Length; i++)
        {
            var s = season[i - f];
            var baseline = level + trend;
            var xhat = additive ? baseline + s : baseline * s;
            if (fitted is not null)
            {
                fitted[i - f] = xhat;
            }

            var residual = x[i] - xhat;
            sse += residual * residual;
            var newLevel = additive
                ? alpha * (x[i] - s) + (1 - alpha) * baseline
                : alpha * (x[i] / s) + (1 - alpha) * baseline;
            trend = beta * (newLevel - level) + (1 - beta) * trend;
            level = newLevel;
            season[i] = additive
                ? gamma * (x[i] - level) + (1 - gamma) * s
                : gamma * (x[i] / level) + (1 - gamma) * s;
        }

        finalLevel = level;
        finalTrend = trend;
        return double.IsFinite(sse) ? sse : double.PositiveInfinity;
    }

    private static void Validate(ReadOnlySpan<double> series, int seasonLength, Seasonality seasonality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 2);
        if (series.Length < 2 * seasonLength + 1)
        {
            throw new ArgumentException($"Holt-Winters with season {seasonLength} needs at least {2 * seasonLength + 1} observations; there are {series.Length}.", nameof(series));
        }

        for (var i = 0; i < series.Length; i++)
        {
            if (!double.IsFinite(series[i]))
            {
                throw new ArgumentException($"Observation {i} is not a finite number.", nameof(series));
            }

            if (seasonality == Seasonality.Multiplicative && series[i] <= 0)
            {
                throw new ArgumentException($"Multiplicative seasonality needs positive data; observation {i} is {series[i]}.", nameof(series));
            }
        }
    }
}
