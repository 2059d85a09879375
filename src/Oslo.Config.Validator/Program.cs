// Placeholder entry point; the tool is built under issue 2.
return 0;
