global using Crm.Feedback;
global using Crm.TestUtils;
