global using Crm.Campaigns;
global using Crm.TestUtils;
