global using Crm.TestUtils;
