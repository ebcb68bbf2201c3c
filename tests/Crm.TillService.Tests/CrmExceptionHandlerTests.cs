using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Churn;
using Crm.Samples.TillService;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.TillService.Tests;

/// <summary>Every exception type the library throws on purpose gets its status and its stable code.</summary>
public sealed class CrmExceptionHandlerTests(TillServiceFactory factory) : IClassFixture<TillServiceFactory>
{
    public static TheoryData<string, int, string> Cases => new()
    {
        { "validation", 400, CrmErrorCodes.PurchaseLinesEmpty },
        { "not-found", 404, CrmErrorCodes.CustomerNotFound },
        { "concurrency", 409, CrmErrorCodes.ConcurrencyConflict },
        { "storage-transient", 503, CrmErrorCodes.StorageUnavailable },
        { "storage", 500, CrmErrorCodes.StorageFailed },
        { "model-fit", 500, ChurnErrorCodes.FitNoDropOut },
        { "json", 400, CrmExceptionHandler.RequestMalformed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TryHandle_LibraryException_WritesProblemWithCode(string kind, int status, string code)
    {
        Exception exception = kind switch
        {
            "validation" => new CrmValidationException(CrmErrorCodes.PurchaseLinesEmpty, "Lines", "The purchase has no lines."),
            "not-found" => new CrmValidationException(CrmErrorCodes.CustomerNotFound, "id", "Customer c-1 is not registered."),
            "concurrency" => new CrmConcurrencyException("activity of customer c-1", 3, 4),
            "storage-transient" => new CrmStorageException(CrmErrorCodes.StorageUnavailable, true, "Connection refused."),
            "storage" => new CrmStorageException(CrmErrorCodes.StorageFailed, false, "Disk image is malformed."),
            "model-fit" => new CrmModelFitException(ModelFitFailure.NoDropOut, "No customer dropped out.", new ModelFitDiagnostics()),
            _ => new BadHttpRequestException("Failed to read the body.", new JsonException("Bad money.", "$.paidTotal", 0, 12)),
        };
        using var scope = factory.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        var handler = ActivatorUtilities.CreateInstance<CrmExceptionHandler>(scope.ServiceProvider, NullLogger<CrmExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, exception, CancellationToken.None);

        handled.Should().BeTrue();
        context.Response.StatusCode.Should().Be(status);
        context.Response.Body.Position = 0;
        var problem = JsonNode.Parse(context.Response.Body)!;
        problem["code"]!.GetValue<string>().Should().Be(code);
        problem["status"]!.GetValue<int>().Should().Be(status);
        if (kind == "storage-transient")
        {
            context.Response.Headers.RetryAfter.ToString().Should().Be("5");
        }
    }

    [Fact]
    public async Task TryHandle_OtherException_IsLeftToTheDefaultHandler()
    {
        using var scope = factory.Services.CreateScope();
        var handler = ActivatorUtilities.CreateInstance<CrmExceptionHandler>(scope.ServiceProvider, NullLogger<CrmExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(new DefaultHttpContext { RequestServices = scope.ServiceProvider }, new InvalidOperationException("a bug"), CancellationToken.None);

        handled.Should().BeFalse();
    }
}
