using System.Text;

namespace Vinculo.Domain.Customers;

/// <summary>Pragmatic e-mail address rules: what a CRM can store and send to, not the full RFC 5322 grammar.</summary>
public static class EmailAddresses
{
    /// <summary>RFC 5321 path limit (256 octets) minus the angle brackets.</summary>
    public const int MaxLength = 254;

    /// <summary>RFC 5321 local-part limit in octets.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>RFC 1035 label limit in octets.</summary>
    public const int MaxDomainLabelLength = 63;

    private const string LocalPartSymbols = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>
    /// Checks the syntax of an address: exactly one '@'; a dot-atom local part (letters, digits and
    /// <c>!#$%&amp;'*+-/=?^_`{|}~</c>, dots not leading, trailing or doubled; quoted local parts are not
    /// accepted); a domain of at least two dot-separated labels of letters, digits and hyphens (not at either end
    /// of a label), a top-level label of at least two characters with a letter (so no IP literals); at most
    /// 64 octets before the '@', 63 per label and 254 in total (UTF-8). Non-ASCII letters and digits are
    /// allowed (internationalised addresses); whitespace anywhere, including around the address, is not:
    /// call <see cref="Normalize"/> first for user input.
    /// </summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > MaxLength)
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1 || email.IndexOf('@', at + 1) >= 0)
        {
            return false;
        }

        var local = email.AsSpan(0, at);
        var domain = email.AsSpan(at + 1);
        if (!IsValidLocalPart(local) || !IsValidDomain(domain))
        {
            return false;
        }

        // Limits are in octets: only non-ASCII addresses can be longer in UTF-8 than in chars.
        if (!Ascii.IsValid(email))
        {
            return Encoding.UTF8.GetByteCount(local) <= MaxLocalPartLength
                && Encoding.UTF8.GetByteCount(email) <= MaxLength
                && AllLabelsFitInOctets(domain);
        }

        return true;
    }

    /// <summary>Trims and lower-cases (invariant) an address. Dots and "+tag" suffixes are kept.</summary>
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    private static bool IsValidLocalPart(ReadOnlySpan<char> local)
    {
        if (local.IsEmpty || local.Length > MaxLocalPartLength || local[0] == '.' || local[^1] == '.')
        {
            return false;
        }

        var previousWasDot = false;
        foreach (var c in local)
        {
            if (c == '.')
            {
                if (previousWasDot)
                {
                    return false;
                }

                previousWasDot = true;
                continue;
            }

            previousWasDot = false;
            if (!char.IsAsciiLetterOrDigit(c) && !LocalPartSymbols.Contains(c, StringComparison.Ordinal) && !IsInternationalLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty || domain.Length > MaxLength)
        {
            return false;
        }

        var labels = 0;
        var lastLabelHasLetter = false;
        var lastLabelLength = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > MaxDomainLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            var hasLetter = false;
            foreach (var c in label)
            {
                if (char.IsAsciiLetter(c) || IsInternationalLetterOrDigit(c))
                {
                    hasLetter |= !char.IsDigit(c);
                }
                else if (!char.IsAsciiDigit(c) && c != '-')
                {
                    return false;
                }
            }

            labels++;
            lastLabelHasLetter = hasLetter;
            lastLabelLength = label.Length;
        }

        return labels >= 2 && lastLabelHasLetter && lastLabelLength >= 2;
    }

    private static bool AllLabelsFitInOctets(ReadOnlySpan<char> domain)
    {
        foreach (var range in domain.Split('.'))
        {
            if (Encoding.UTF8.GetByteCount(domain[range]) > MaxDomainLabelLength)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInternationalLetterOrDigit(char c) => c > 127 && char.IsLetterOrDigit(c);
}
