using System.Reflection;

namespace Oslo.Service.Periodic;

/// <summary>Turns a method marked <see cref="PeriodicTaskAttribute"/> into a task callback, checking its signature once.</summary>
internal static class PeriodicMethodInvoker
{
    /// <summary>Binds <paramref name="method"/> to <paramref name="target"/>.</summary>
    /// <param name="target">The instance.</param>
    /// <param name="method">The method: parameters (), (context), (context, CancellationToken) or (CancellationToken);
    /// returns void, Task or ValueTask.</param>
    /// <returns>The callback.</returns>
    /// <exception cref="InvalidOperationException">The signature is not one of those.</exception>
    public static Func<object?, CancellationToken, ValueTask> Create(object target, MethodInfo method)
    {
        ParameterInfo[] parameters = method.GetParameters();
        bool returnsTask = typeof(Task).IsAssignableFrom(method.ReturnType);
        bool returnsValueTask = method.ReturnType == typeof(ValueTask);
        if (!(returnsTask || returnsValueTask || method.ReturnType == typeof(void)))
        {
            throw Invalid(method);
        }

        Func<object?, CancellationToken, object?[]> arguments = parameters.Length switch
        {
            0 => static (_, _) => [],
            1 when parameters[0].ParameterType == typeof(CancellationToken) => static (_, ct) => [ct],
            1 => static (context, _) => [context],
            2 when parameters[1].ParameterType == typeof(CancellationToken) => static (context, ct) => [context, ct],
            _ => throw Invalid(method),
        };

        MethodInvoker invoker = MethodInvoker.Create(method);
        return (context, ct) =>
        {
            object? result = invoker.Invoke(target, new Span<object?>(arguments(context, ct)));
            return result switch
            {
                Task task => new ValueTask(task),
                ValueTask valueTask => valueTask,
                _ => ValueTask.CompletedTask,
            };
        };
    }

    private static InvalidOperationException Invalid(MethodInfo method) =>
        new($"Periodic task {method.DeclaringType?.Name}.{method.Name} must take (), (context), (context, CancellationToken) " +
            "or (CancellationToken) and return void, Task or ValueTask.");
}
