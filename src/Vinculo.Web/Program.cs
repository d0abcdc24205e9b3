using Vinculo.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVinculo();

var app = builder.Build();
await app.PrepareDatabase();
app.UseVinculo();
await app.RunAsync();

/// <summary>The web host's entry point, public so API and browser tests can start it.</summary>
public partial class Program;
