global using Crm.Baskets;
global using Crm.TestUtils;
