namespace Vinculo.Core; internal static class Placeholder { }
